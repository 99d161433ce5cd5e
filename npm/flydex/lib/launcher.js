'use strict';
// Starts flydex-helper.jar with a Java 21+ runtime: the platform's bundled runtime package when npm
// installed it, else JAVA_HOME, else `java` on PATH. Plain Node, no dependencies.

const childProcess = require('node:child_process');
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
    list.push({ source: `the bundled runtime (${runtimePackage(platform, arch)})`, java: javaIn(bundledHome, platform), bundledHome });
  }
  if (env.JAVA_HOME) {
    list.push({ source: `JAVA_HOME (${env.JAVA_HOME})`, java: javaIn(env.JAVA_HOME, platform) });
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

/** Runs `java -version`: { major } when it ran, { missing: true } when there is no such program. */
function probe(java, spawnSync) {
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
function chooseJava({ env, platform, arch, bundledHome, spawnSync }) {
  const problems = [];
  for (const candidate of candidates({ env, platform, arch, bundledHome })) {
    const found = probe(candidate.java, spawnSync);
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
  const child = childProcess.spawn(chosen.java, ['-jar', jar, ...process.argv.slice(2)], {
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

module.exports = { MIN_JAVA, EXIT_NO_JAVA, runtimePackage, candidates, parseJavaMajor, chooseJava, noJavaMessage, invokedAs, main };
