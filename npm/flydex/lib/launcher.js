'use strict';
// Starts flydex-helper.jar with a Java 21+ runtime: the platform's bundled runtime package when npm
// installed it, else JAVA_HOME, else `java` on PATH. Plain Node, no dependencies.

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** The helper is compiled for Java 21. */
const MIN_JAVA = 21;
/** sysexits.h EX_UNAVAILABLE: a program this one needs is missing. */
const EXIT_NO_JAVA = 69;
/** A `java -version` that takes longer than this is treated as broken. */
const PROBE_TIMEOUT_MS = 15000;

/** The optional dependency holding a jlink runtime for this platform, e.g. @flydex/runtime-linux-x64. */
function runtimePackage(platform, arch) {
  return `@flydex/runtime-${platform}-${arch}`;
}

function javaIn(home, platform) {
  return path.join(home, 'bin', platform === 'win32' ? 'java.exe' : 'java');
}

/** The runtime home inside the bundled runtime package, if npm installed one for this platform. */
function bundledRuntimeHome(platform, arch) {
  try {
    const manifest = require.resolve(`${runtimePackage(platform, arch)}/package.json`, { paths: [__dirname] });
    return path.join(path.dirname(manifest), 'runtime');
  } catch (notInstalled) {
    return null;
  }
}

/** The Java runtimes to try, best first. */
function candidates({ env, platform, arch, bundledHome }) {
  const list = [];
  if (bundledHome) {
    list.push({ source: `the bundled runtime (${runtimePackage(platform, arch)})`, java: javaIn(bundledHome, platform), home: bundledHome, bundledHome });
  }
  if (env.JAVA_HOME) {
    list.push({ source: `JAVA_HOME (${env.JAVA_HOME})`, java: javaIn(env.JAVA_HOME, platform), home: env.JAVA_HOME });
  }
  list.push({ source: 'java on PATH', java: platform === 'win32' ? 'java.exe' : 'java' });
  return list;
}

/** The major version in `java -version` output: `"1.8.0_392"` is 8, `"21.0.5"` is 21, `"25-ea"` is 25. */
function parseJavaMajor(output) {
  const match = /version "([^"]+)"/.exec(output);
  if (!match) {
    return null;
  }
  const parts = match[1].split(/[.\-+_]/);
  const major = Number.parseInt(parts[0] === '1' ? parts[1] : parts[0], 10);
  return Number.isNaN(major) ? null : major;
}

/** JAVA_VERSION in a runtime home's `release` file ("25.0.3"), or null: reading it costs nothing, unlike starting a JVM. */
function releaseMajor(home, readFile) {
  try {
    const match = /^JAVA_VERSION="([^"]+)"/m.exec(readFile(path.join(home, 'release'), 'utf8'));
    return match ? parseJavaMajor(`version "${match[1]}"`) : null;
  } catch (noReleaseFile) {
    return null;
  }
}

/**
 * A candidate's Java version: from its home's `release` file when it has one and its java exists,
 * else by running `java -version`: { major } when it ran, { missing: true } when there is no such program.
 */
function probe(candidate, spawnSync, readFile = fs.readFileSync, exists = fs.existsSync) {
  const fromRelease = candidate.home && exists(candidate.java) ? releaseMajor(candidate.home, readFile) : null;
  if (fromRelease !== null) {
    return { major: fromRelease };
  }
  const java = candidate.java;
  const result = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS, windowsHide: true });
  if (result.error) {
    return { missing: true };
  }
  return { major: parseJavaMajor(`${result.stderr || ''}${result.stdout || ''}`) };
}

/**
 * The first candidate that is Java 21 or newer: { java, bundledHome? }; or { problems } saying
 * what was found where, for the message.
 */
function chooseJava({ env, platform, arch, bundledHome, spawnSync, readFile, exists }) {
  const problems = [];
  for (const candidate of candidates({ env, platform, arch, bundledHome })) {
    const found = probe(candidate, spawnSync, readFile, exists);
    if (found.missing) {
      problems.push(`${candidate.source}: not found`);
    } else if (found.major === null) {
      problems.push(`${candidate.source}: could not tell its version`);
    } else if (found.major < MIN_JAVA) {
      problems.push(`${candidate.source}: Java ${found.major}, too old`);
    } else {
      return candidate;
    }
  }
  return { problems };
}

/** The helper's JVM flags: jvm.options beside lib/, one flag a line, # comments (docs/operations.md says why each). */
function jvmOptions(text) {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}

/** Where the runtime package keeps the helper's AOT cache, and the JSON that says what it was made for. */
function aotCachePath(runtimeHome) {
  return path.join(runtimeHome, 'flydex', 'helper.aot');
}

const END_RECORD = 0x06054b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/**
 * SHA-256 (hex) of a jar's zip central directory and end record, as the build's AotStamp computes
 * it: the directory lists every entry's name, sizes and CRC-32, so any changed class changes it,
 * and reading it (0.3 of the jar's 6 MB) takes a quarter to a fifth of the time hashing the whole
 * jar took on every launch (docs/benchmarks.md). A file with no usable end record is hashed whole.
 */
function jarDirectoryDigest(jar, fsApi = fs) {
  const size = fsApi.statSync(jar).size;
  const fd = fsApi.openSync(jar, 'r');
  try {
    const read = (from, to) => {
      const bytes = Buffer.alloc(to - from);
      let done = 0;
      while (done < bytes.length) {
        const n = fsApi.readSync(fd, bytes, done, bytes.length - done, from + done);
        if (n <= 0) {
          throw new Error(`${jar} ended early`);
        }
        done += n;
      }
      return bytes;
    };
    const tailLength = Math.min(size, END_RECORD_SIZE + MAX_COMMENT);
    const tail = read(size - tailLength, size);
    let from = 0;
    for (let at = tailLength - END_RECORD_SIZE; at >= 0; at -= 1) {
      // The end record whose comment runs exactly to the end of the file, as a zip reader finds it.
      if (tail.readUInt32LE(at) === END_RECORD && at + END_RECORD_SIZE + tail.readUInt16LE(at + 20) === tailLength) {
        const directorySize = tail.readUInt32LE(at + 12);
        const directoryOffset = tail.readUInt32LE(at + 16);
        if (directoryOffset !== 0xffffffff && directoryOffset + directorySize <= size - tailLength + at) {
          from = directoryOffset;
        }
        break;
      }
    }
    return require('node:crypto').createHash('sha256').update(read(from, size)).digest('hex');
  } finally {
    fsApi.closeSync(fd);
  }
}

/**
 * The flags that use the bundled runtime's AOT cache (JDK 25, JEP 483/515) - only when its stamp
 * (`helper.aot.json`, written by the build's training run) says it was made by this runtime (its
 * `release` file and modules image) for this very jar (size and content digest). The JVM's own
 * check of the jar cannot be relied on: on JDK 25 it is skipped for most caches (JDK-8377932),
 * and the cache's classes then run whatever jar they are given. npm gives installed files the
 * time of installation, so the jar gets back the time it had when the cache was made (the JVM
 * compares it where it does check). Anything unexpected means no cache, never no helper;
 * -XX:AOTMode=auto keeps a cache that still does not fit from stopping the JVM.
 */
function aotCacheFlags({ bundledHome, jar, fsApi = fs }) {
  if (!bundledHome) {
    return [];
  }
  const cache = aotCachePath(bundledHome);
  try {
    const madeFor = JSON.parse(fsApi.readFileSync(`${cache}.json`, 'utf8'));
    const release = fsApi.readFileSync(path.join(bundledHome, 'release'), 'utf8').trim();
    const modules = fsApi.statSync(path.join(bundledHome, 'lib', 'modules'));
    const jarStat = fsApi.statSync(jar);
    if (release !== madeFor.runtimeRelease || modules.size !== madeFor.modulesSize || jarStat.size !== madeFor.jarSize
        || !fsApi.statSync(cache).isFile() || jarDirectoryDigest(jar, fsApi) !== madeFor.jarDirectorySha256) {
      return [];
    }
    if (Math.floor(jarStat.mtimeMs / 1000) !== madeFor.jarMtimeSeconds) {
      fsApi.utimesSync(jar, jarStat.atime, new Date(madeFor.jarMtimeSeconds * 1000));
    }
  } catch (noCacheOrUnwritable) {
    return [];
  }
  return [`-XX:AOTCache=${cache}`, '-XX:AOTMode=auto'];
}

/** The java command line: flags, the jar, the person's arguments. */
function javaArguments({ jar, bundledHome, args, fsApi = fs }) {
  const options = jvmOptions(fsApi.readFileSync(path.join(__dirname, '..', 'jvm.options'), 'utf8'));
  return [...options, ...aotCacheFlags({ bundledHome, jar, fsApi }), '-jar', jar, ...args];
}

function noJavaMessage(problems) {
  return [
    `flydex: FlyDex needs Java ${MIN_JAVA} or newer, and none was found.`,
    ...problems.map((p) => `  - ${p}`),
    `Install a Java ${MIN_JAVA}+ runtime, for example Eclipse Temurin from https://adoptium.net`,
    `  macOS:   brew install --cask temurin@${MIN_JAVA}`,
    `  Debian/Ubuntu: sudo apt install openjdk-${MIN_JAVA}-jre-headless`,
    `  Windows: winget install EclipseAdoptium.Temurin.${MIN_JAVA}.JRE`,
    'then run this command again (or set JAVA_HOME to that runtime).',
  ].join('\n');
}

/** How the person typed the command, so the helper's hints can be pasted back. */
function invokedAs(env) {
  return env.npm_command === 'exec' ? 'npx flydex' : 'flydex';
}

function main() {
  const env = process.env;
  const chosen = chooseJava({
    env,
    platform: process.platform,
    arch: process.arch,
    bundledHome: bundledRuntimeHome(process.platform, process.arch),
    spawnSync: childProcess.spawnSync,
  });
  if (chosen.problems) {
    process.stderr.write(`${noJavaMessage(chosen.problems)}\n`);
    process.exitCode = EXIT_NO_JAVA;
    return;
  }
  const jar = path.join(__dirname, '..', 'flydex-helper.jar');
  const javaArgs = javaArguments({ jar, bundledHome: chosen.bundledHome, args: process.argv.slice(2) });
  const child = childProcess.spawn(chosen.java, javaArgs, {
    stdio: 'inherit',
    windowsHide: true,
    env: { ...env, FLYDEX_INVOKED_AS: invokedAs(env), FLYDEX_BUNDLED_RUNTIME: chosen.bundledHome || '' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => {
    process.stderr.write(`flydex: could not start ${chosen.java}: ${error.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code === null ? 128 + (require('node:os').constants.signals[signal] || 1) : code;
  });
}

module.exports = {
  MIN_JAVA, EXIT_NO_JAVA, runtimePackage, candidates, parseJavaMajor, chooseJava, noJavaMessage, invokedAs, jvmOptions, aotCachePath,
  jarDirectoryDigest, aotCacheFlags, javaArguments, main,
};
