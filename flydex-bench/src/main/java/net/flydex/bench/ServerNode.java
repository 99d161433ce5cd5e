package net.flydex.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.flydex.testkit.ApiClient;

/**
 * The control plane as its own process ({@code flydex-server.jar serve} on SQLite, loopback only),
 * with or without the build's AOT cache: the cold-start bench needs a server that starts afresh,
 * and one that stays warm, in processes of their own as in production.
 */
final class ServerNode implements AutoCloseable {
    static final Path JAR = Path.of("flydex-server", "target", "flydex-server.jar");
    /** Trained by the build (flydex-e2e, AotTraining) for this jar and JDK. */
    static final Path AOT_CACHE = Path.of("flydex-server", "target", "flydex-server.aot");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    final URI url;
    final double readyMillis;
    private final LineProcess process;

    private ServerNode(URI url, double readyMillis, LineProcess process) {
        this.url = url;
        this.readyMillis = readyMillis;
        this.process = process;
    }

    static ServerNode start(Path dataDir, boolean aotCache) {
        return start(Path.of(""), dataDir, aotCache);
    }

    /**
     * The server of the build at {@code root} (a packaged repository: an earlier build compared in
     * the same run brings its own server, so a change on the server's side is measured too).
     */
    static ServerNode start(Path root, Path dataDir, boolean aotCache) {
        Path jar = root.resolve(JAR);
        if (!Files.isRegularFile(jar) || (aotCache && !Files.isRegularFile(root.resolve(AOT_CACHE)))) {
            throw new IllegalArgumentException("no packaged server with its AOT cache at " + root.toAbsolutePath());
        }
        int port = FreePort.loopback();
        URI url = URI.create("http://127.0.0.1:" + port);
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (aotCache) {
            command.addAll(List.of("-XX:AOTCache=" + root.resolve(AOT_CACHE), "-XX:AOTMode=auto"));
        }
        command.addAll(List.of("-jar", jar.toString(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir",
                dataDir.toString(), "--public-url", url.toString()));
        LineProcess process = LineProcess.start(command, Map.of());
        process.await("flydex-server ready on ", START_LIMIT);
        return new ServerNode(url, process.millisSinceLaunch(), process);
    }

    /** A browser on the server's origin, with its own cookie jar. */
    ApiClient browser() {
        return new ApiClient(url.resolve("/")).withOrigin(url.toString());
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
