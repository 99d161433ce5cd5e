package net.flydex.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import net.flydex.server.app.FlydexServer;
import net.flydex.server.app.ServerConfig;
import net.flydex.server.push.PushSettings;
import net.flydex.server.security.PasswordHasher;
import net.flydex.testkit.ApiClient;

/**
 * A control-plane node in the bench's own JVM, on SQLite and with the production Argon2 cost
 * ({@link PasswordHasher#DEFAULT}); its public URL is its loopback address, so that is the only
 * {@code Origin} it accepts and the only server the bench's helpers pair with.
 */
final class ControlPlane implements AutoCloseable {
    final URI url;
    final FlydexServer server;

    private ControlPlane(URI url, FlydexServer server) {
        this.url = url;
        this.server = server;
    }

    /** Starts a node whose database lives under {@code dataDir}. */
    static ControlPlane start(Path dataDir) {
        return start(dataDir, PushSettings.DEFAULTS);
    }

    /** Starts a node with these push settings (the bench's loopback push service trusted). */
    static ControlPlane start(Path dataDir, PushSettings push) {
        int port = FreePort.loopback();
        URI url = URI.create("http://127.0.0.1:" + port);
        var config = new ServerConfig(port, dataDir, url, Optional.empty(), Optional.empty(), "bench", PasswordHasher.DEFAULT).withPush(push);
        return new ControlPlane(url, FlydexServer.start(config, Clock.systemUTC()));
    }

    /** A browser on FlyDex's origin, with its own cookie jar. */
    ApiClient browser() {
        return new ApiClient(url.resolve("/")).withOrigin(url.toString());
    }

    /** A phone that has just signed up with this email, so its cookie jar holds the session. */
    ApiClient phone(String email, String password) {
        ApiClient phone = browser();
        Answers.expect(phone.post("/api/auth/signup", Map.of("email", email, "password", password)), 201, "sign-up");
        return phone;
    }

    @Override
    public void close() {
        server.close();
    }
}
