package net.flydex.server.app;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import io.javalin.http.Context;
import net.flydex.protocol.Limits;
import net.flydex.protocol.WireJson;
import net.flydex.server.accounts.AccountRoutes;
import net.flydex.server.accounts.Accounts;
import net.flydex.server.accounts.SessionAuth;
import net.flydex.server.accounts.SessionCookies;
import net.flydex.server.accounts.Sessions;
import net.flydex.server.audit.AuditLog;
import net.flydex.server.billing.Billing;
import net.flydex.server.billing.BillingRoutes;
import net.flydex.server.billing.BillingStore;
import net.flydex.server.cluster.Cluster;
import net.flydex.server.http.ClientIp;
import net.flydex.server.http.ErrorResponses;
import net.flydex.server.http.OriginGuard;
import net.flydex.server.localconnect.LocalConnectRoutes;
import net.flydex.server.localconnect.LocalConnects;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.machines.AgentEndpoint;
import net.flydex.server.machines.MachinePresence;
import net.flydex.server.machines.MachineRoutes;
import net.flydex.server.machines.Machines;
import net.flydex.server.metrics.MeteredRelayBus;
import net.flydex.server.metrics.MetricsRoute;
import net.flydex.server.metrics.NodeMetrics;
import net.flydex.server.pairing.PairingClaims;
import net.flydex.server.pairing.PairingRoutes;
import net.flydex.server.push.DecisionRoute;
import net.flydex.server.push.PushEndpoints;
import net.flydex.server.push.PushNotifier;
import net.flydex.server.push.PushSender;
import net.flydex.server.push.PushRoutes;
import net.flydex.server.push.PushSubscriptions;
import net.flydex.server.push.VapidKeys;
import net.flydex.server.ratelimit.RateLimitGuard;
import net.flydex.server.ratelimit.RateLimiter;
import net.flydex.server.relay.AccessPolicy;
import net.flydex.server.relay.ClientEndpoint;
import net.flydex.server.relay.InProcessRelayBus;
import net.flydex.server.relay.Relay;
import net.flydex.server.security.PasswordHasher;
import net.flydex.server.storage.Database;
import net.flydex.server.web.WebRoutes;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One control-plane node: opens the database, builds each feature with its dependencies
 * (constructor injection, nothing hidden), and serves them with Javalin on Jetty's pool of platform threads.
 */
public final class FlydexServer implements AutoCloseable {
    /** Jetty closes sockets idle this long; heartbeats keep live ones busy well within it. */
    private static final Duration WS_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** Kept while idle: Jetty's selector and acceptor threads and a few for requests (Javalin's default). */
    private static final int MIN_THREADS = 8;
    /**
     * Nothing a node does blocks for long (the relay writes asynchronously, the decision route
     * waits for its answer without a thread): twice the PostgreSQL pool, so handlers waiting on the
     * database never starve the sockets' reads. Each thread costs its stack: 5,000 helpers
     * connecting at once grow the pool to this bound (3.7 MB of stacks at 32, more at Javalin's 250).
     */
    private static final int MAX_THREADS = 32;
    /** An idle thread above the minimum ends after this. */
    private static final Duration THREAD_IDLE = Duration.ofSeconds(60);

    /** How long a stopping node waits for its helpers' sockets to finish closing before it closes the database. */
    private static final Duration CLOSE_SOCKETS_WITHIN = Duration.ofSeconds(5);

    private final Database database;
    private final Javalin app;
    private final Services services;
    private final Optional<Cluster> cluster;
    private final AgentEndpoint agentEndpoint;

    /** The features, built once, for the routes and for tests that drive them directly. */
    public record Services(Accounts accounts, Sessions sessions, AuditLog audit, RateLimiter rateLimiter) {}

    /** Web Push's threads, stopped with the node. */
    private record Push(PushSender sender, PushNotifier notifier) {}

    private final Push push;

    private FlydexServer(Database database, Javalin app, Services services, Optional<Cluster> cluster, AgentEndpoint agentEndpoint,
            Push push) {
        this.push = push;
        this.database = database;
        this.app = app;
        this.services = services;
        this.cluster = cluster;
        this.agentEndpoint = agentEndpoint;
    }

    public static FlydexServer start(ServerConfig config, Clock clock) {
        createDataDir(config);
        Database database = Database.open(config.databaseUrl(), config.dataDir());
        var metrics = new NodeMetrics();
        var agentConnections = new AgentConnections();
        Optional<Cluster> cluster = Optional.empty();
        PushSender pushSender = null;
        PushNotifier pushNotifier = null;
        try {
            cluster = config.redisUrl().map(url -> Cluster.join(url, config.nodeId(), agentConnections, metrics, clock));
            MachinePresence presence = cluster.<MachinePresence>map(Cluster::presence).orElse(agentConnections);
            var audit = new AuditLog(database.jdbi(), clock);
            var accounts = new Accounts(database.jdbi(), new PasswordHasher(config.passwordParameters()), clock);
            var sessions = new Sessions(database.jdbi(), audit, clock);
            var rateLimiter = new RateLimiter(clock, cluster.map(Cluster::rateWindows));
            var origins = new OriginGuard(config.publicOrigin());
            var cookies = new SessionCookies(config.https());
            var auth = new SessionAuth(sessions, cookies, origins);
            var limits = new RateLimitGuard(rateLimiter);
            var clientIp = new ClientIp(config.trustedProxies());
            var billingStore = new BillingStore(database.jdbi());
            var accessPolicy = new AccessPolicy(accounts, billingStore, clock);
            var accountRoutes = new AccountRoutes(accounts, sessions, auth, cookies, origins, limits, clientIp, audit, accessPolicy);
            var billing = config.stripe().map(stripe -> new Billing(stripe, billingStore, audit, config.publicUrl().toString(), clock));
            var billingRoutes = new BillingRoutes(billing, accounts, auth, limits);
            var machines = new Machines(database.jdbi(), presence, clock);
            var localConnectRoutes = new LocalConnectRoutes(new LocalConnects(database.jdbi(), machines, audit, clock), auth, origins, limits);
            var machineRoutes = new MachineRoutes(machines, presence, auth, audit);
            var agentEndpoint = new AgentEndpoint(machines, agentConnections, audit);
            var pairingClaims = new PairingClaims(database.jdbi(), sessions, audit, clock);
            var pairingRoutes = new PairingRoutes(pairingClaims, auth, cookies, origins, limits, clientIp, config.publicUrl());
            var relayBus = new MeteredRelayBus(cluster.map(Cluster::bus).orElseGet(() -> InProcessRelayBus.over(agentConnections)),
                    metrics);
            var relay = new Relay(relayBus, machines, presence, accessPolicy);
            relayBus.onAgentFrame(relay::fromAgent);
            Optional<Cluster> joined = cluster;
            // Grants are resolved once per browser connection and machine; these are what can take one away.
            Runnable grantsChanged = () -> {
                relay.revalidateGrants();
                joined.ifPresent(Cluster::grantsChanged);
            };
            machines.onRevoked(machineId -> grantsChanged.run());
            billing.ifPresent(b -> b.onAccessChanged(accountId -> grantsChanged.run()));
            cluster.ifPresent(c -> c.onGrantsChanged(relay::revalidateGrants));
            presence.onPresence(relay::presence);
            presence.onPresence(relayBus::presence);
            var clientEndpoint = new ClientEndpoint(auth, sessions, relay, clock, metrics::error);
            sessions.onRevoked(clientEndpoint::closeSessionSockets);
            var pushSubscriptions = new PushSubscriptions(database.jdbi(), clock);
            sessions.onRevoked(pushSubscriptions::deleteForSession);
            var vapidKeys = VapidKeys.in(database.jdbi(), clock);
            var pushEndpoints = PushEndpoints.trusting(config.push().trustedEndpointPrefixes());
            var pushRoutes = new PushRoutes(pushSubscriptions, vapidKeys, pushEndpoints, auth, limits);
            var decisionRoute = new DecisionRoute(relay, auth, limits);
            pushSender = new PushSender(pushSubscriptions, vapidKeys, config.push().contactFor(config.publicUrl()), metrics.registry());
            pushNotifier = new PushNotifier(pushSubscriptions, pushSender, machines);
            pushNotifier.listenTo(agentConnections);
            metrics.connections("agent", agentConnections::size);
            metrics.connections("client", clientEndpoint::size);
            var metricsRoute = new MetricsRoute(metrics, config.metricsToken());

            Javalin app = Javalin.create(javalin -> {
                javalin.jsonMapper(new JavalinJackson3(WireJson.mapper(), false));
                javalin.jetty.threadPool = threadPool();
                javalin.http.maxRequestSize = Limits.MAX_HTTP_BODY_BYTES;
                javalin.startup.showJavalinBanner = false;
                // FlyDex keeps no servlet sessions, but a WebSocket upgrade makes one: send no
                // JSESSIONID and forget each at once, so anonymous callers cannot pile them up.
                javalin.jetty.modifyServletContextHandler(handler -> {
                    var servletSessions = handler.getSessionHandler();
                    var cache = new org.eclipse.jetty.session.DefaultSessionCache(servletSessions);
                    cache.setEvictionPolicy(org.eclipse.jetty.session.SessionCache.EVICT_ON_SESSION_EXIT);
                    cache.setSessionDataStore(new org.eclipse.jetty.session.NullSessionDataStore());
                    servletSessions.setSessionCache(cache);
                    servletSessions.setUsingCookies(false);
                });
                javalin.jetty.modifyWebSocketServletFactory(ws -> {
                    ws.setMaxTextMessageSize(Limits.MAX_FRAME_BYTES);
                    ws.setIdleTimeout(WS_IDLE_TIMEOUT);
                });
                ErrorResponses.install(javalin);
                javalin.routes.get("/healthz", ctx -> health(ctx, config.nodeId(), joined));
                metricsRoute.register(javalin.routes);
                accountRoutes.register(javalin.routes);
                billingRoutes.register(javalin.routes);
                localConnectRoutes.register(javalin.routes);
                machineRoutes.register(javalin.routes);
                agentEndpoint.register(javalin.routes);
                pairingRoutes.register(javalin.routes);
                clientEndpoint.register(javalin.routes);
                pushRoutes.register(javalin.routes);
                decisionRoute.register(javalin.routes);
                new WebRoutes(config.publicUrl()).register(javalin.routes);
            });
            app.start(config.host(), config.port());
            return new FlydexServer(database, app, new Services(accounts, sessions, audit, rateLimiter), cluster, agentEndpoint,
                    new Push(pushSender, pushNotifier));
        } catch (RuntimeException e) {
            if (pushNotifier != null) {
                pushNotifier.close();
                pushSender.close();
            }
            cluster.ifPresent(Cluster::close);
            database.close();
            throw e;
        }
    }

    /**
     * 200 once the node serves; in a cluster 503 while its Redis link is down, so a load balancer
     * sends new sessions to nodes that can reach every helper. Either way it names the node.
     */
    private static void health(Context ctx, String nodeId, Optional<Cluster> cluster) {
        boolean busUp = cluster.map(Cluster::connected).orElse(true);
        ctx.status(busUp ? 200 : 503).json(Map.of("status", busUp ? "ok" : "bus_unavailable", "node", nodeId));
    }

    /**
     * Jetty's own pool of platform threads, not a virtual thread per task: its execution strategy
     * can run a frame's read on the thread that selected it, where virtual threads hand every read
     * to a new thread; the relay's warm round trip is a fifth to a third shorter this way
     * (docs/benchmarks.md, "The control plane on platform threads"). Daemon threads, as virtual
     * ones are: what keeps a JVM alive is whoever started the node (`serve` waits for its stop),
     * never the pool, nor Javalin's ping thread, which takes its daemon flag from the pool thread
     * that starts it.
     */
    private static QueuedThreadPool threadPool() {
        var pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, (int) THREAD_IDLE.toMillis());
        pool.setName("flydex-http");
        pool.setDaemon(true);
        return pool;
    }

    public int port() {
        return app.port();
    }

    public Services services() {
        return services;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        app.stop();
        // Jetty runs the sockets' close handlers after it stopped; they record last-seen times.
        agentEndpoint.awaitClosed(CLOSE_SOCKETS_WITHIN);
        push.notifier().close();
        push.sender().close();
        cluster.ifPresent(Cluster::close);
        database.close();
    }

    private static void createDataDir(ServerConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
    }
}
