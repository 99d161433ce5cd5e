package net.flydex.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.flydex.testkit.ApiClient;

/** The packaged control plane ({@code flydex-server.jar serve}) as its own process, every log line kept. */
final class ServerProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("flydex.server.jar", "../flydex-server/target/flydex-server.jar"));

    final URI url;
    final Path dataDir;
    final List<String> output = new CopyOnWriteArrayList<>();
    private final Process process;

    ServerProcess(Path dataDir) throws IOException {
        this(dataDir, ControlPlane.freePort(), List.of());
    }

    /** A node started with {@code extra} flags besides its port and data dir (cluster settings, its own public URL). */
    ServerProcess(Path dataDir, int port, List<String> extra) throws IOException {
        this.url = URI.create("http://127.0.0.1:" + port);
        this.dataDir = dataDir;
        var command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "serve", "--port", "" + port, "--data-dir", dataDir.toString()));
        if (extra.stream().noneMatch("--public-url"::equals)) {
            command.addAll(List.of("--public-url", url.toString()));
        }
        command.addAll(extra);
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(output::add);
            } catch (IOException | java.io.UncheckedIOException closed) {
                // The process ended.
            }
        });
    }

    /** The node's process id, for {@code jcmd}. */
    long pid() {
        return process.pid();
    }

    boolean ready() {
        return output.stream().anyMatch(line -> line.startsWith("flydex-server ready on "));
    }

    ApiClient browser() {
        return new ApiClient(url.resolve("/")).withOrigin(url.toString());
    }

    ApiClient cli() {
        return new ApiClient(url.resolve("/"));
    }

    /** SIGTERM, so the database is closed cleanly and the WAL checkpointed as in production. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** SIGKILL: the node dies as a crash would, closing nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
