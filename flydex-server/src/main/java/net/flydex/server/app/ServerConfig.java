package net.flydex.server.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import net.flydex.server.billing.StripeSettings;
import net.flydex.server.http.TrustedProxies;
import net.flydex.server.push.PushSettings;
import net.flydex.server.security.PasswordHasher;

/**
 * Everything {@code serve} was told.
 *
 * @param publicUrl the URL browsers use; its origin is the only one accepted on state changes
 * @param databaseUrl a PostgreSQL JDBC URL; empty means SQLite under {@code dataDir}
 * @param passwordParameters Argon2id cost (tests lower it; production keeps the default)
 * @param stripe billing through Stripe; empty means billing routes answer {@code billing_unconfigured}
 *     while trials still run
 * @param redisUrl Redis for the cluster bus, presence and shared rate limits; empty means a single node
 * @param metricsToken the bearer token a Prometheus scraper presents at {@code /metrics}; empty turns the route off
 * @param trustedProxies the reverse proxies in front of the node, whose {@code X-Forwarded-For} names the client
 * @param host the address to listen on: {@link #ALL_INTERFACES}, or e.g. 127.0.0.1 behind a proxy on the same host
 * @param push Web Push: trusted endpoint prefixes, the VAPID contact
 */
public record ServerConfig(int port, Path dataDir, URI publicUrl, Optional<String> databaseUrl, Optional<String> redisUrl,
        String nodeId, PasswordHasher.Parameters passwordParameters, Optional<StripeSettings> stripe, Optional<String> metricsToken,
        TrustedProxies trustedProxies, String host, PushSettings push) {
    public static final String ALL_INTERFACES = "0.0.0.0";

    /** A node with the default push settings (the known push services only). */
    public ServerConfig(int port, Path dataDir, URI publicUrl, Optional<String> databaseUrl, Optional<String> redisUrl,
            String nodeId, PasswordHasher.Parameters passwordParameters, Optional<StripeSettings> stripe, Optional<String> metricsToken,
            TrustedProxies trustedProxies, String host) {
        this(port, dataDir, publicUrl, databaseUrl, redisUrl, nodeId, passwordParameters, stripe, metricsToken, trustedProxies, host,
                PushSettings.DEFAULTS);
    }

    /** A node without billing or proxies, on every interface (benchmarks, end-to-end tests, development). */
    public ServerConfig(int port, Path dataDir, URI publicUrl, Optional<String> databaseUrl, Optional<String> redisUrl,
            String nodeId, PasswordHasher.Parameters passwordParameters) {
        this(port, dataDir, publicUrl, databaseUrl, redisUrl, nodeId, passwordParameters, Optional.empty(), Optional.empty(),
                TrustedProxies.NONE, ALL_INTERFACES);
    }

    public ServerConfig withStripe(StripeSettings settings) {
        return new ServerConfig(port, dataDir, publicUrl, databaseUrl, redisUrl, nodeId, passwordParameters, Optional.of(settings), metricsToken,
                trustedProxies, host, push);
    }

    public ServerConfig withMetricsToken(String token) {
        return new ServerConfig(port, dataDir, publicUrl, databaseUrl, redisUrl, nodeId, passwordParameters, stripe, Optional.of(token),
                trustedProxies, host, push);
    }

    public ServerConfig withPush(PushSettings settings) {
        return new ServerConfig(port, dataDir, publicUrl, databaseUrl, redisUrl, nodeId, passwordParameters, stripe, metricsToken,
                trustedProxies, host, settings);
    }

    public String publicOrigin() {
        return publicUrl.getScheme() + "://" + publicUrl.getHost() + (publicUrl.getPort() == -1 ? "" : ":" + publicUrl.getPort());
    }

    public boolean https() {
        return "https".equals(publicUrl.getScheme());
    }
}
