package net.flydex.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import net.flydex.server.app.FlydexServer;
import net.flydex.server.app.ServerConfig;
import net.flydex.server.security.PasswordHasher;

/**
 * A control-plane node in the bench's JVM on a shared PostgreSQL database, with the Redis bus or
 * (no Redis URL) the in-process one; every node answers to the same public origin, as behind one
 * load balancer. It can be stopped and started again on its port, as a rolling restart does.
 */
final class ClusterNode implements AutoCloseable {
    static final URI PUBLIC = URI.create("http://flydex.bench");

    private final ServerConfig config;
    private FlydexServer server;

    ClusterNode(Path dataDir, String databaseUrl, Optional<String> redisUrl, String nodeId) {
        this.config = new ServerConfig(FreePort.loopback(), dataDir, PUBLIC, Optional.of(databaseUrl), redisUrl, nodeId,
                PasswordHasher.DEFAULT);
        this.server = FlydexServer.start(config, Clock.systemUTC());
    }

    FlydexServer server() {
        return server;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + config.port());
    }

    URI socket(String path) {
        return URI.create("ws://127.0.0.1:" + config.port() + path);
    }

    /** Stops the node as SIGTERM does (sockets closed, presence withdrawn) and starts it again on the same port. */
    void restart() {
        server.close();
        server = FlydexServer.start(config, Clock.systemUTC());
    }

    @Override
    public void close() {
        server.close();
    }
}
