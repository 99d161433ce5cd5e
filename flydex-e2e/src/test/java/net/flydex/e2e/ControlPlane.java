package net.flydex.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import net.flydex.server.app.FlydexServer;
import net.flydex.server.app.ServerConfig;
import net.flydex.server.billing.StripeSettings;
import net.flydex.server.http.TrustedProxies;
import net.flydex.server.push.PushSettings;
import net.flydex.server.security.PasswordHasher;
import net.flydex.testkit.ApiClient;

/** A control-plane node on SQLite, its public URL being its own loopback address. */
final class ControlPlane implements AutoCloseable {
    /** Tests check behaviour; the Argon2 cost is measured by the benchmark. */
    private static final PasswordHasher.Parameters TEST_PASSWORDS = new PasswordHasher.Parameters(1024, 1, 1);

    final URI url;
    private final ServerConfig config;
    private final Clock clock;
    FlydexServer server;

    ControlPlane() throws IOException {
        this(Clock.systemUTC());
    }

    /** A node on this clock (a test's MutableClock makes a claim expire without waiting). */
    ControlPlane(Clock clock) throws IOException {
        this(clock, Optional.empty());
    }

    /** A node on this clock with billing through this Stripe (a local fake in tests). */
    ControlPlane(Clock clock, Optional<StripeSettings> stripe) throws IOException {
        this(clock, stripe, PushSettings.DEFAULTS);
    }

    /** A node that also trusts this push endpoint prefix (a test's fake push service). */
    static ControlPlane trustingPush(String pushPrefix) throws IOException {
        return new ControlPlane(Clock.systemUTC(), Optional.empty(), new PushSettings(java.util.List.of(pushPrefix), Optional.empty()));
    }

    private ControlPlane(Clock clock, Optional<StripeSettings> stripe, PushSettings push) throws IOException {
        int port = freePort();
        this.url = URI.create("http://127.0.0.1:" + port);
        this.config = new ServerConfig(port, Files.createTempDirectory("flydex-e2e-server"), url, Optional.empty(), Optional.empty(),
                "e2e", TEST_PASSWORDS, stripe, Optional.empty(), TrustedProxies.NONE, "127.0.0.1", push);
        this.clock = clock;
        this.server = FlydexServer.start(config, clock);
    }

    /** Stops the node and starts it again on the same port and database, as a deploy would. */
    void restart() {
        stopNode();
        startNode();
    }

    /** Stops the node only (a test then sees the outage before {@link #startNode()}). */
    void stopNode() {
        server.close();
    }

    void startNode() {
        server = FlydexServer.start(config, clock);
    }

    /** A browser on FlyDex's origin, with its own cookie jar. */
    ApiClient browser() {
        return new ApiClient(url.resolve("/")).withOrigin(url.toString());
    }

    /** A new phone, signed up with this email. */
    ApiClient phone(String email) {
        ApiClient phone = browser();
        var signup = phone.post("/api/auth/signup", Map.of("email", email, "password", "correct horse battery"));
        if (signup.status() != 201) {
            throw new AssertionError("signup failed: " + signup);
        }
        return phone;
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
