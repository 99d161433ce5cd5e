package net.flydex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A control-plane node as its own process ({@code flydex-server.jar serve}) on a shared PostgreSQL
 * database, with the Redis bus or (no Redis URL) the in-process one; every node answers to the same
 * public origin, as behind one load balancer. It can be stopped with SIGTERM and started again on
 * its port, as a rolling restart does.
 */
final class ClusterNode implements AutoCloseable {
    static final URI PUBLIC = URI.create("http://flydex.bench");
    /** Built by {@code ./mvnw package}; the benches run from the repository root. */
    static final Path SERVER_JAR = Path.of("flydex-server", "target", "flydex-server.jar");
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final List<String> command;
    private final int port;
    private Process process;

    /** @param serverJar a copy of {@link #SERVER_JAR}, so a rebuild during the run cannot change the node it restarts */
    ClusterNode(Path serverJar, Path dataDir, String databaseUrl, Optional<String> redisUrl, String nodeId) {
        this.port = FreePort.loopback();
        command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar", serverJar.toString(), "serve", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(), "--public-url", PUBLIC.toString(), "--database-url", databaseUrl, "--node-id", nodeId));
        redisUrl.ifPresent(url -> command.addAll(List.of("--redis-url", url)));
        start();
    }

    URI socket(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    /** SIGTERM (sockets closed, presence withdrawn, as a deploy stops a node), then the same node again on the same port. */
    void restart() {
        stop();
        start();
    }

    private void start() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + SERVER_JAR, e);
        }
        var ready = new CompletableFuture<Void>();
        Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("flydex-server ready on ")) {
                        ready.complete(null);
                    } else if (!ready.isDone()) {
                        System.err.println("   node: " + line);
                    }
                }
            } catch (IOException ended) {
                // The process ended.
            }
            ready.completeExceptionally(new IllegalStateException("the node exited before it was ready"));
        });
        try {
            ready.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("node on port " + port + " did not start", e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
