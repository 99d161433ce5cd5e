package net.flydex.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.flydex.testkit.HelperHealth;
import tools.jackson.databind.JsonNode;

/** The packaged helper ({@code flydex-helper.jar}) as a separate process, its output collected. */
final class HelperProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("flydex.helper.jar", "../flydex-helper/target/flydex-helper.jar"));

    final int port;
    final List<String> output = new CopyOnWriteArrayList<>();
    private final Process process;

    private HelperProcess(int port, Process process) {
        this.port = port;
        this.process = process;
        collect(process.getInputStream());
        collect(process.getErrorStream());
    }

    /** Starts {@code flydex <command> <args>}; {@code port} is what its local API binds. */
    static HelperProcess start(int port, String... args) throws IOException {
        return start(List.of(), JAR, port, args);
    }

    /** Starts {@code java <jvmFlags> -jar <jar> <command> <args>}. */
    static HelperProcess start(List<String> jvmFlags, Path jar, int port, String... args) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return new HelperProcess(port, new ProcessBuilder(command).start());
    }

    /** Arguments for {@code run} against this server, Codex private on the shared scripted model. */
    static String[] runArgs(int port, Path stateDir, URI server, Path codexHome, Path codexBin) {
        return new String[] {"--port", "" + port, "--state-dir", stateDir.toString(), "--server", server.toString(),
            "--codex-home", codexHome.toString(), "--codex-bin", codexBin.toString(), "--codex-mode", "private"};
    }

    JsonNode health() {
        return HelperHealth.read(port);
    }

    /** The exit code once the process ended (waits up to 30 s), else empty. */
    java.util.Optional<Integer> exitCode() throws InterruptedException {
        return process.waitFor(30, TimeUnit.SECONDS) ? java.util.Optional.of(process.exitValue()) : java.util.Optional.empty();
    }

    boolean printed(String text) {
        return output.stream().anyMatch(line -> line.contains(text));
    }

    /** Kills the helper's Codex child, as a crash would; the helper must notice and restart it. */
    void killCodex() {
        process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("codex")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops it as a service manager would (SIGTERM), then waits. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            close();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void collect(java.io.InputStream stream) {
        Thread.ofVirtual().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                reader.lines().forEach(output::add);
            } catch (IOException | java.io.UncheckedIOException closed) {
                // The process ended.
            }
        });
    }
}
