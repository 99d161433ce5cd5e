'use strict';
// `node --test npm/flydex/test`: how the launcher picks a Java runtime (fake `java` programs print a version).
const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
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
