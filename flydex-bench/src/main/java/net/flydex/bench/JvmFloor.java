package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link IdleJvm} with the helper's npm flags and watches it idle: the runtime's own floor, in the same run as the helper. */
final class JvmFloor {
    static final String LABEL = "JVM floor: npm flags, a main that only sleeps";
    /** Long enough for the JVM's start-up threads to settle; it has nothing else to do. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private JvmFloor() {}

    static IdleSample watch(Duration window) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(HelperVariant.jvmOptions());
        command.addAll(List.of("-cp", Path.of("flydex-bench", "target", "classes").toString(), IdleJvm.class.getName()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the JVM floor", e);
        }
        try {
            Pause.of(SETTLE);
            return IdleSample.watch(process.pid(), window);
        } finally {
            process.destroyForcibly();
        }
    }
}
