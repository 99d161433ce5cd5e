package net.flydex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.flydex.testkit.CodexHome;

/**
 * Starts {@link CodexOnlyJvm} with the helper's npm flags and times it from launch to Codex's
 * {@code initialize} answered: "a JVM that only starts Codex", the floor under the helper's
 * "ready - Codex's own start" in the same run.
 */
final class CodexFloor {
    static final String LABEL = "JVM floor: npm flags, a main that only spawns codex app-server and waits for initialize";

    private CodexFloor() {}

    /** Milliseconds from launching the JVM until it printed that Codex answered {@code initialize}. */
    static double readyMillis(Path codexBin, CodexHome home) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(HelperVariant.jvmOptions());
        command.addAll(List.of("-cp", Path.of("flydex-bench", "target", "classes").toString(), CodexOnlyJvm.class.getName(),
                codexBin.toString(), home.dir().toString()));
        long launched = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Codex-only JVM", e);
        }
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            double millis = (System.nanoTime() - launched) / 1e6;
            if (!"ready".equals(line)) {
                throw new IllegalStateException("the Codex-only JVM ended before Codex answered initialize");
            }
            return millis;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the Codex-only JVM", e);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
