package net.flydex.server.app;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.flydex.server.billing.StripeSettings;
import net.flydex.server.http.TrustedProxies;
import net.flydex.server.push.PushSettings;
import net.flydex.server.security.PasswordHasher;
import net.flydex.server.storage.Database;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.MutableClock;
import net.flydex.testkit.TestPostgres;

/**
 * A real control-plane node for a test: on SQLite in a temp dir, or on a throwaway PostgreSQL
 * database; a clock the test moves; cheap Argon2 parameters so sign-ups do not dominate run time.
 */
public final class ServerHarness implements AutoCloseable {
    /** Far below production cost: tests check behaviour, the benchmark measures the real cost. */
    public static final PasswordHasher.Parameters TEST_PASSWORDS = new PasswordHasher.Parameters(1024, 1, 1);
    public static final String PUBLIC_URL = "http://flydex.test";
    /** What a test's Prometheus scraper presents at {@code /metrics}. */
    public static final String METRICS_TOKEN = "test-metrics-token-0123456789";

    public final MutableClock clock = MutableClock.startingNow();
    public final Path dataDir;
    public final FlydexServer server;
    private final Optional<TestPostgres> postgres;
    private final Optional<String> databaseUrl;

    /**
     * @param postgres a database this harness made and drops when closed
     * @param databaseUrl the database the node uses (this harness's own, or one shared by cluster nodes)
     */
    private ServerHarness(Optional<TestPostgres> postgres, Optional<String> databaseUrl, Optional<String> redisUrl, String nodeId,
            Optional<StripeSettings> stripe, TrustedProxies proxies, PushSettings push) throws Exception {
        this.postgres = postgres;
        this.databaseUrl = databaseUrl;
        this.dataDir = Files.createTempDirectory("flydex-server-test");
        var config = new ServerConfig(0, dataDir, URI.create(PUBLIC_URL), databaseUrl, redisUrl, nodeId, TEST_PASSWORDS, stripe,
                Optional.of(METRICS_TOKEN), proxies, "127.0.0.1", push);
        this.server = FlydexServer.start(config, clock);
    }

    public static ServerHarness sqlite() throws Exception {
        return new ServerHarness(Optional.empty(), Optional.empty(), Optional.empty(), "test-node", Optional.empty(), TrustedProxies.NONE, PushSettings.DEFAULTS);
    }

    /** A node on SQLite or PostgreSQL that also trusts these push endpoint prefixes (a test's fake push service). */
    public static ServerHarness withPush(Backend backend, String... trustedPrefixes) throws Exception {
        Optional<TestPostgres> postgres = backend == Backend.POSTGRES ? Optional.of(TestPostgres.create()) : Optional.empty();
        return new ServerHarness(postgres, postgres.map(TestPostgres::jdbcUrl), Optional.empty(), "test-node", Optional.empty(),
                TrustedProxies.NONE, new PushSettings(java.util.List.of(trustedPrefixes), Optional.empty()));
    }

    /** A node behind a reverse proxy at these addresses ({@code --trusted-proxy}). */
    public static ServerHarness sqliteBehind(String... proxies) throws Exception {
        return new ServerHarness(Optional.empty(), Optional.empty(), Optional.empty(), "test-node", Optional.empty(),
                TrustedProxies.parse(java.util.List.of(proxies)), PushSettings.DEFAULTS);
    }

    public static ServerHarness postgres() throws Exception {
        return of(Optional.of(TestPostgres.create()), Optional.empty());
    }

    /** A node with billing on, talking to the Stripe these settings name (a local fake in tests). */
    public static ServerHarness withStripe(Backend backend, StripeSettings stripe) throws Exception {
        return of(backend == Backend.POSTGRES ? Optional.of(TestPostgres.create()) : Optional.empty(), Optional.of(stripe));
    }

    /** One node of a cluster: the database and Redis belong to the test, which shares them between nodes. */
    public static ServerHarness clusterNode(String databaseUrl, String redisUrl, String nodeId, String... trustedPushPrefixes) throws Exception {
        return new ServerHarness(Optional.empty(), Optional.of(databaseUrl), Optional.of(redisUrl), nodeId, Optional.empty(), TrustedProxies.NONE,
                new PushSettings(java.util.List.of(trustedPushPrefixes), Optional.empty()));
    }

    private static ServerHarness of(Optional<TestPostgres> postgres, Optional<StripeSettings> stripe) throws Exception {
        return new ServerHarness(postgres, postgres.map(TestPostgres::jdbcUrl), Optional.empty(), "test-node", stripe, TrustedProxies.NONE, PushSettings.DEFAULTS);
    }

    /** The node's database opened anew, as the next start of the node would find it (after {@code server.close()}). */
    public Database reopenDatabase() {
        return Database.open(databaseUrl, dataDir);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    /** A browser on FlyDex's own origin, with its own cookie jar. */
    public ApiClient browser() {
        return new ApiClient(url()).withOrigin(PUBLIC_URL);
    }

    /** A non-browser client: no Origin, no cookies sent unless the server set them. */
    public ApiClient cli() {
        return new ApiClient(url());
    }

    /** {@code GET /metrics} with the scraper's token: Prometheus's text format. */
    public String scrapeMetrics() throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var request = java.net.http.HttpRequest.newBuilder(url().resolve("/metrics"))
                    .header("Authorization", "Bearer " + METRICS_TOKEN).build();
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /metrics answered " + response.statusCode());
            }
            return response.body();
        }
    }

    /** Signs up a fresh account in a new browser and returns that browser. */
    public ApiClient signedUpBrowser(String email) {
        ApiClient browser = browser();
        var response = browser.post("/api/auth/signup", java.util.Map.of("email", email, "password", "correct horse battery"));
        if (response.status() != 201) {
            throw new AssertionError("signup failed: " + response);
        }
        return browser;
    }

    @Override
    public void close() {
        server.close();
        postgres.ifPresent(TestPostgres::close);
    }
}
