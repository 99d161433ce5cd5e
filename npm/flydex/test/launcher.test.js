'use strict';
// `node --test npm/flydex/test`: how the launcher picks a Java runtime (fake `java` programs print a version).
const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const launcher = require('../lib/launcher.js');

/** A Java home whose bin/java prints `version "<version>"` as a real one does (on stderr). */
function fakeJavaHome(version) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'flydex-java-'));
  fs.mkdirSync(path.join(home, 'bin'));
  const java = path.join(home, 'bin', 'java');
  fs.writeFileSync(java, `#!/bin/sh\necho 'openjdk version "${version}" 2025-09-16' >&2\n`, { mode: 0o755 });
  return home;
}

/** PATH lookups find nothing unless `onPath` says which fake home `java` resolves to. */
function spawnSyncWith(onPath) {
  return (command, args, options) => {
    if (command === 'java') {
      return onPath ? childProcess.spawnSync(path.join(onPath, 'bin', 'java'), args, options) : { error: new Error('ENOENT') };
    }
    return childProcess.spawnSync(command, args, options);
  };
}

test('java -version output gives the major version', () => {
  assert.equal(launcher.parseJavaMajor('openjdk version "21.0.5" 2024-10-15'), 21);
  assert.equal(launcher.parseJavaMajor('java version "1.8.0_392"'), 8);
  assert.equal(launcher.parseJavaMajor('openjdk version "25-ea" 2025-09-16'), 25);
  assert.equal(launcher.parseJavaMajor('openjdk version "17" 2021-09-14'), 17);
  assert.equal(launcher.parseJavaMajor('no version here'), null);
});

test('the bundled runtime comes first', () => {
  const bundled = fakeJavaHome('25.0.1');
  const chosen = launcher.chooseJava({ env: { JAVA_HOME: fakeJavaHome('21.0.5') }, platform: 'linux', arch: 'x64',
    bundledHome: bundled, spawnSync: spawnSyncWith(null) });
  assert.equal(chosen.java, path.join(bundled, 'bin', 'java'));
  assert.equal(chosen.bundledHome, bundled);
});

test('JAVA_HOME comes before PATH', () => {
  const javaHome = fakeJavaHome('21.0.5');
  const chosen = launcher.chooseJava({ env: { JAVA_HOME: javaHome }, platform: 'linux', arch: 'x64',
    bundledHome: null, spawnSync: spawnSyncWith(fakeJavaHome('25.0.1')) });
  assert.equal(chosen.java, path.join(javaHome, 'bin', 'java'));
});

test('a JAVA_HOME that is too old is passed over for java on PATH', () => {
  const chosen = launcher.chooseJava({ env: { JAVA_HOME: fakeJavaHome('17.0.2') }, platform: 'linux', arch: 'x64',
    bundledHome: null, spawnSync: spawnSyncWith(fakeJavaHome('21.0.5')) });
  assert.equal(chosen.java, 'java');
});

test('with no fitting Java every place is reported, with what to install', () => {
  const chosen = launcher.chooseJava({ env: { JAVA_HOME: fakeJavaHome('1.8.0_392') }, platform: 'linux', arch: 'x64',
    bundledHome: null, spawnSync: spawnSyncWith(null) });
  assert.ok(chosen.problems);
  const message = launcher.noJavaMessage(chosen.problems);
  assert.match(message, /needs Java 21 or newer/);
  assert.match(message, /JAVA_HOME \(.*\): Java 8, too old/);
  assert.match(message, /java on PATH: not found/);
  assert.match(message, /adoptium\.net/);
});

test('the runtime package is named for the platform npm reports', () => {
  assert.equal(launcher.runtimePackage('darwin', 'arm64'), '@flydex/runtime-darwin-arm64');
  assert.equal(launcher.runtimePackage('win32', 'x64'), '@flydex/runtime-win32-x64');
});

test('hints name the command as it was typed', () => {
  assert.equal(launcher.invokedAs({ npm_command: 'exec' }), 'npx flydex');
  assert.equal(launcher.invokedAs({}), 'flydex');
});

/** A bundled runtime home with a release file and, if `cache` is given, an AOT cache and what it was made for. */
function runtimeWithCache({ javaVersion = '25.0.3', cache } = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'flydex-runtime-'));
  fs.writeFileSync(path.join(home, 'release'), `JAVA_VERSION="${javaVersion}"\nMODULES="java.base java.net.http"\n`);
  fs.mkdirSync(path.join(home, 'lib'));
  fs.writeFileSync(path.join(home, 'lib', 'modules'), Buffer.alloc(7));
  if (cache) {
    fs.mkdirSync(path.join(home, 'flydex'));
    fs.writeFileSync(launcher.aotCachePath(home), 'cache');
    fs.writeFileSync(`${launcher.aotCachePath(home)}.json`, JSON.stringify(cache));
  }
  return home;
}

function jarOf(size) {
  const jar = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flydex-jar-')), 'flydex-helper.jar');
  fs.writeFileSync(jar, Buffer.alloc(size));
  return jar;
}

/** A zip holding one stored entry, as a jar is laid out: local header and data, central directory, end record (with `comment`). */
function zipOf(name, data, comment = '') {
  const nameBytes = Buffer.from(name);
  const crc = zlib.crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBytes.length, 28);
  const directoryOffset = local.length + nameBytes.length + data.length;
  const directory = Buffer.concat([central, nameBytes]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10); end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(directoryOffset, 16); end.writeUInt16LE(Buffer.byteLength(comment), 20);
  return { bytes: Buffer.concat([local, nameBytes, data, directory, end, Buffer.from(comment)]), directoryOffset };
}

function sha256(bytes) {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** The digest of jarOf(10): ten zero bytes have no zip end record, so the whole file. */
const MADE_FOR = { runtimeRelease: 'JAVA_VERSION="25.0.3"\nMODULES="java.base java.net.http"', modulesSize: 7, jarSize: 10,
  jarMtimeSeconds: 499162500, jarDirectorySha256: sha256(Buffer.alloc(10)) };

test('jvm.options is one flag a line; comments and blank lines are skipped', () => {
  assert.deepEqual(launcher.jvmOptions('# why\n-XX:+UseSerialGC\r\n\n  -Xmx64m  \n'), ['-XX:+UseSerialGC', '-Xmx64m']);
});

test('the shipped jvm.options has flags the JVM takes', () => {
  const options = launcher.jvmOptions(fs.readFileSync(path.join(__dirname, '..', 'jvm.options'), 'utf8'));
  assert.ok(options.length > 0);
  for (const option of options) {
    assert.match(option, /^-X/);
  }
});

// The build's JDK (JAVA_HOME, as Maven runs these tests) must take every shipped flag without a word: jvm.options holds
// diagnostic flags whose wrong value the JVM only warns about (GuaranteedAsyncDeflationInterval=0 together with
// AsyncDeflationInterval=0 prints "Async deflation is disabled" at every start and stops deflating monitors).
test('the shipped jvm.options start the build\'s JVM without a warning', { skip: !process.env.JAVA_HOME && 'no JAVA_HOME' }, () => {
  const options = launcher.jvmOptions(fs.readFileSync(path.join(__dirname, '..', 'jvm.options'), 'utf8'));
  const java = path.join(process.env.JAVA_HOME, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
  const result = childProcess.spawnSync(java, [...options, '-XX:+PrintFlagsFinal', '-version'], { encoding: 'utf8', timeout: 60000 });
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /warning/i);
  for (const option of options.filter((o) => /^-XX:[A-Za-z]+=/.test(o))) {
    const [name, value] = option.slice(4).split('=');
    assert.match(result.stdout, new RegExp(`\\b${name}\\s+= ${value}\\s`), `${option} not in effect`);
  }
});

test('a cache made by this runtime for this jar is used, and the jar gets back the time the cache was made with', () => {
  const home = runtimeWithCache({ cache: MADE_FOR });
  const jar = jarOf(10);
  assert.deepEqual(launcher.aotCacheFlags({ bundledHome: home, jar }),
    [`-XX:AOTCache=${launcher.aotCachePath(home)}`, '-XX:AOTMode=auto']);
  assert.equal(Math.floor(fs.statSync(jar).mtimeMs / 1000), MADE_FOR.jarMtimeSeconds);
});

test('a cache made by another runtime, for another jar, or missing, is not used', () => {
  const jar = jarOf(10);
  assert.deepEqual(launcher.aotCacheFlags({ bundledHome: runtimeWithCache({ javaVersion: '25.0.4', cache: MADE_FOR }), jar }), []);
  const otherModules = runtimeWithCache({ cache: MADE_FOR });
  fs.writeFileSync(path.join(otherModules, 'lib', 'modules'), Buffer.alloc(8));
  assert.deepEqual(launcher.aotCacheFlags({ bundledHome: otherModules, jar }), []);
  assert.deepEqual(launcher.aotCacheFlags({ bundledHome: runtimeWithCache({ cache: MADE_FOR }), jar: jarOf(11) }), []);
  assert.deepEqual(launcher.aotCacheFlags({ bundledHome: runtimeWithCache(), jar }), []);
  assert.deepEqual(launcher.aotCacheFlags({ bundledHome: null, jar }), []);
});

test('a jar with the same size but other content is not the jar the cache was made for', () => {
  const jar = jarOf(10);
  fs.writeFileSync(jar, Buffer.from('0123456789'));
  assert.deepEqual(launcher.aotCacheFlags({ bundledHome: runtimeWithCache({ cache: MADE_FOR }), jar }), []);
  const { jarDirectorySha256, ...withoutDigest } = MADE_FOR;
  assert.ok(jarDirectorySha256);
  assert.deepEqual(launcher.aotCacheFlags({ bundledHome: runtimeWithCache({ cache: withoutDigest }), jar: jarOf(10) }), [],
    'a stamp from before the digest');
});

test("a jar's digest covers its central directory and end record, so a changed entry changes it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flydex-zip-'));
  const write = (name, zip) => { fs.writeFileSync(path.join(dir, name), zip.bytes); return path.join(dir, name); };
  const one = zipOf('net/flydex/A.class', Buffer.from('first build'));
  assert.equal(launcher.jarDirectoryDigest(write('one.jar', one)), sha256(one.bytes.subarray(one.directoryOffset)));
  const commented = zipOf('net/flydex/A.class', Buffer.from('first build'), 'a comment');
  assert.equal(launcher.jarDirectoryDigest(write('commented.jar', commented)),
    sha256(commented.bytes.subarray(commented.directoryOffset)));
  const rebuilt = zipOf('net/flydex/A.class', Buffer.from('other build'));
  assert.equal(rebuilt.bytes.length, one.bytes.length);
  assert.notEqual(launcher.jarDirectoryDigest(write('rebuilt.jar', rebuilt)), launcher.jarDirectoryDigest(path.join(dir, 'one.jar')));
  const broken = Buffer.from(one.bytes);
  broken.writeUInt32LE(0xffffffff, broken.length - 6);
  assert.equal(launcher.jarDirectoryDigest(write('broken.jar', { bytes: broken })), sha256(broken), 'an end record pointing nowhere');
});

test('an unreadable description of the cache means no cache', () => {
  const home = runtimeWithCache({ cache: MADE_FOR });
  fs.writeFileSync(`${launcher.aotCachePath(home)}.json`, '{not json');
  assert.deepEqual(launcher.aotCacheFlags({ bundledHome: home, jar: jarOf(10) }), []);
});

test('the java command line is the flags, the cache if it fits, then the jar and the arguments', () => {
  const home = runtimeWithCache({ cache: MADE_FOR });
  const jar = jarOf(10);
  const args = launcher.javaArguments({ jar, bundledHome: home, args: ['run', '--port', '1'] });
  assert.deepEqual(args.slice(-5), ['-XX:AOTMode=auto', '-jar', jar, 'run', '--port', '1'].slice(-5));
  assert.ok(args.includes('-XX:+UseSerialGC'));
  assert.ok(args.indexOf(`-XX:AOTCache=${launcher.aotCachePath(home)}`) < args.indexOf('-jar'));
});

test('a runtime home with a release file is not started to learn its version', () => {
  const home = runtimeWithCache();
  fs.mkdirSync(path.join(home, 'bin'));
  fs.writeFileSync(path.join(home, 'bin', 'java'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  const chosen = launcher.chooseJava({ env: {}, platform: 'linux', arch: 'x64', bundledHome: home,
    spawnSync: () => { throw new Error('started a JVM'); } });
  assert.equal(chosen.bundledHome, home);
});
