package net.flydex.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link IdleJvm} with the helper's npm flags and watches it idle: the runtime's own floor, in the same run as the helper.
 * Two of them: the JVM alone, and the JVM with the helper's AOT cache mapped - the cache's classpath is the helper's jar, and a
 * JVM may append entries to it, so {@link IdleJvm} runs with every class the helper's training loaded, loaded and linked at
 * start as in the helper, and nothing else: what the helper's classes cost before it holds a byte of its own.
 */
enum JvmFloor {
    BARE("JVM floor: npm flags, a main that only sleeps"),
    WITH_HELPER_CACHE("JVM floor: npm flags + the helper's AOT cache, a main that only sleeps");

    /** Long enough for the JVM's start-up threads to settle; it has nothing else to do. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Path BENCH_CLASSES = Path.of("flydex-bench", "target", "classes");

    final String label;

    JvmFloor(String label) {
        this.label = label;
    }

    IdleSample watch(Duration window) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(HelperVariant.jvmOptions());
        if (this == WITH_HELPER_CACHE) {
            // AOTMode=on: a cache that does not fit would make this floor the bare one; better to fail.
            command.addAll(List.of("-XX:AOTCache=" + HelperVariant.AOT_CACHE, "-XX:AOTMode=on", "-cp",
                    BenchSetup.HELPER_JAR + File.pathSeparator + BENCH_CLASSES));
        } else {
            command.addAll(List.of("-cp", BENCH_CLASSES.toString()));
        }
        command.add(IdleJvm.class.getName());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the " + label, e);
        }
        try {
            Pause.of(SETTLE);
            if (!process.isAlive()) {
                throw new IllegalStateException("the " + label + " exited with " + process.exitValue() + " (with the cache: does "
                        + HelperVariant.AOT_CACHE + " fit " + BenchSetup.HELPER_JAR + "? ./mvnw package trains it)");
            }
            return IdleSample.watch(process.pid(), window);
        } finally {
            process.destroyForcibly();
        }
    }
}
