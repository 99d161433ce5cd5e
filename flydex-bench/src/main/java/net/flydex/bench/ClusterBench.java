package net.flydex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.flydex.server.accounts.Account;
import net.flydex.server.accounts.DeviceLabel;
import net.flydex.server.app.FlydexServer;
import net.flydex.server.app.ServerConfig;
import net.flydex.server.security.PasswordHasher;
import net.flydex.testkit.TestPostgres;
import net.flydex.testkit.TestRedis;

/**
 * Scale-out figures for {@code docs/benchmarks.md}: N simulated helpers and N browsers, every
 * browser running rpcs in a closed loop against its own machine. First on one node with the
 * in-process bus, then on two nodes with the Redis bus and every browser on the other node than
 * its helper (each rpc and answer crosses Redis); then one node is restarted under that load.
 * Both setups share one PostgreSQL database and the same machines; every node is a process of its
 * own ({@code flydex-server.jar}), the simulated helpers and browsers share this JVM. The helpers
 * answer at once (no Codex), so the figures are the control plane's. Progress on stderr, the
 * report on stdout.
 */
public final class ClusterBench {
    /** Below the 30 local-connect starts an account may make in 10 minutes (LocalConnectRoutes.START_PER_ACCOUNT). */
    private static final int MACHINES_PER_ACCOUNT = 25;
    private static final String PASSWORD = "correct horse battery staple";
    private static final int PAIRING_THREADS = 8;
    /** After the restart, load continues this long so late errors are counted too. */
    private static final Duration AFTER_RESTART = Duration.ofSeconds(10);
    /**
     * During the restart each browser sends an rpc every this often: steady traffic to count errors
     * on, without the saturating loop of the throughput runs (which would measure queueing).
     */
    static final Duration RESTART_PACE = Duration.ofSeconds(5);
    /** How long the bench waits for every helper to be back before reporting how many are. */
    private static final Duration BACK_LIMIT = Duration.ofMinutes(5);

    private ClusterBench() {}

    public static void main(String[] args) throws Exception {
        ClusterOptions options = BenchSetup.prepare(args, ClusterOptions::parse, ClusterOptions.USAGE);
        int n = options.connections();
        Duration measured = Duration.ofSeconds(options.seconds());
        // The clients' ends of every socket are in this JVM; the nodes are processes of their own.
        IdleClients.requireDescriptors(2L * n + IdleClients.SPARE_DESCRIPTORS);
        try (var work = TempDir.create("flydex-cluster-bench-"); var database = TestPostgres.create(); var redis = TestRedis.start()) {
            Path jar = java.nio.file.Files.copy(ClusterNode.SERVER_JAR, work.path().resolve("flydex-server.jar"));
            ClusterLoad.Window single;
            List<String> browserTokens = new ArrayList<>();
            System.err.println("signing up " + accounts(n) + " accounts and pairing " + n + " machines...");
            List<SimulatedAgent> machines = pair(work.path().resolve("setup"), database.jdbcUrl(), n, browserTokens);
            try (var node = new ClusterNode(jar, work.path().resolve("s"), database.jdbcUrl(), Optional.empty(), "single")) {
                System.err.println("1. one node, in-process bus: " + n + " helpers and " + n + " browsers, " + measured.toSeconds() + " s...");
                try (var load = new ClusterLoad(machines, browserTokens, i -> List.of(node.socket("/ws/agent")),
                        i -> node.socket("/ws/client"))) {
                    load.start();
                    single = load.measure(measured, measured);
                }
            }
            try (var a = new ClusterNode(jar, work.path().resolve("a"), database.jdbcUrl(), Optional.of(redis.url()), "node-a");
                    var b = new ClusterNode(jar, work.path().resolve("b"), database.jdbcUrl(), Optional.of(redis.url()), "node-b")) {
                System.err.println("2. two nodes, Redis bus, every browser on the other node than its helper...");
                // Even machines' helpers start on B, odd ones on A; each browser goes to the other node.
                try (var load = new ClusterLoad(machines, browserTokens,
                        i -> i % 2 == 0 ? List.of(b.socket("/ws/agent"), a.socket("/ws/agent")) : List.of(a.socket("/ws/agent"), b.socket("/ws/agent")),
                        i -> i % 2 == 0 ? a.socket("/ws/client") : b.socket("/ws/client"))) {
                    load.start();
                    ClusterLoad.Window cluster = load.measure(measured, measured);
                    System.out.println(throughput(n, measured, single, cluster));
                    System.err.println("3. restarting node B, each browser sending an rpc every " + RESTART_PACE.toSeconds() + " s...");
                    System.out.println(rolling(restart(load, a, b)));
                }
            }
        }
    }

    /**
     * How long after SIGTERM to node B every helper was welcomed again (empty if not within the
     * limit, with how many were), and what the browsers saw meanwhile.
     */
    record Restart(Optional<Duration> allHelpersBack, long connectedAtEnd, int helpers, int helpersMoved, ClusterLoad.Window window) {}

    private static Restart restart(ClusterLoad load, ClusterNode a, ClusterNode b) {
        int onB = (load.agents.size() + 1) / 2;
        load.browsers.forEach(browser -> browser.pace(RESTART_PACE));
        Pause.of(RESTART_PACE.multipliedBy(2)); // The saturating loop drains; the paced traffic settles.
        load.browsers.forEach(browser -> browser.reconnectTo(a.socket("/ws/client")));
        load.recorder.begin();
        Instant start = Instant.now();
        int welcomesBefore = load.welcomes.get();
        b.restart();
        boolean allBack = ClusterLoad.within(BACK_LIMIT,
                () -> load.welcomes.get() - welcomesBefore >= onB && load.agents.stream().allMatch(LoadAgent::connected));
        Optional<Duration> back = allBack ? Optional.of(Duration.between(start, Instant.now())) : Optional.empty();
        Pause.of(AFTER_RESTART);
        load.recorder.end();
        var window = new ClusterLoad.Window(Duration.between(start, Instant.now()), load.recorder.roundTrips(), load.recorder.latencies(),
                load.recorder.errors(), load.recorder.browserReconnects());
        return new Restart(back, load.agents.stream().filter(LoadAgent::connected).count(), load.agents.size(), onB, window);
    }

    private static int accounts(int n) {
        return (n + MACHINES_PER_ACCOUNT - 1) / MACHINES_PER_ACCOUNT;
    }

    /**
     * Accounts and sessions are made on the node's services (sign-up and sign-in are rate-limited
     * per address); each machine is paired by its own local connect over HTTP. Fills one browser
     * session per machine into {@code browserTokens}.
     */
    private static List<SimulatedAgent> pair(Path dataDir, String databaseUrl, int n, List<String> browserTokens) throws Exception {
        int port = FreePort.loopback();
        try (var setup = FlydexServer.start(new ServerConfig(port, dataDir, ClusterNode.PUBLIC, Optional.of(databaseUrl), Optional.empty(),
                "setup", PasswordHasher.DEFAULT), Clock.systemUTC())) {
            return pair(setup, URI.create("http://127.0.0.1:" + port + "/"), n, browserTokens);
        }
    }

    private static List<SimulatedAgent> pair(FlydexServer node, URI server, int n, List<String> browserTokens) throws Exception {
        FlydexServer.Services services = node.services();
        var machines = new ArrayList<SimulatedAgent>();
        var owners = new ArrayList<String>();
        for (int account = 0; account < accounts(n); account++) {
            Account created = services.accounts().signup("load-" + account + "@example.com", PASSWORD);
            String owner = services.sessions().create(created.id(), DeviceLabel.UNKNOWN).sessionToken();
            for (int m = account * MACHINES_PER_ACCOUNT; m < Math.min(n, (account + 1) * MACHINES_PER_ACCOUNT); m++) {
                owners.add(owner);
                browserTokens.add(services.sessions().create(created.id(), DeviceLabel.UNKNOWN).sessionToken());
                machines.add(new SimulatedAgent());
            }
        }
        try (var pool = Executors.newFixedThreadPool(PAIRING_THREADS); var http = HttpClient.newHttpClient()) {
            var pairings = new ArrayList<Future<?>>();
            for (int i = 0; i < n; i++) {
                SimulatedAgent machine = machines.get(i);
                String owner = owners.get(i);
                pairings.add(pool.submit(() -> machine.pair(http, server, owner, ClusterNode.PUBLIC)));
            }
            for (Future<?> pairing : pairings) {
                pairing.get();
            }
        }
        return machines;
    }

    private static String throughput(int n, Duration measured, ClusterLoad.Window single, ClusterLoad.Window cluster) {
        var throughput = new Table("setup (" + n + " helpers, " + n + " browsers, " + measured.toSeconds() + " s)", "rpc round trips/s",
                "relayed msgs/s", "p50 ms", "p99 ms", "errors");
        throughput.row(row("1 node, in-process bus", single)).row(row("2 nodes, Redis bus, all cross-node", cluster));
        double ratio = cluster.roundTripsPerSecond() / single.roundTripsPerSecond();
        return "FlyDex cluster bench, " + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + Runtime.version() + "\n\n" + throughput.render() + "\ntwo nodes / one node: %.2f\n".formatted(ratio);
    }

    private static String rolling(Restart restart) {
        var rolling = new Table("rolling restart of node B (browsers: one rpc each per " + RESTART_PACE.toSeconds() + " s)", "figure");
        rolling.row("helpers on node B when it stopped", Integer.toString(restart.helpersMoved()))
                .row("time from SIGTERM until every helper was welcomed again", restart.allHelpersBack()
                        .map(back -> "%.1f s".formatted(back.toMillis() / 1000.0))
                        .orElse("not within " + BACK_LIMIT.toMinutes() + " min: " + restart.connectedAtEnd() + " of " + restart.helpers() + " connected"))
                .row("browser sockets closed by the stop and reopened on node A", Long.toString(restart.window().browserReconnects()))
                .row("rpc round trips completed in the window (" + restart.window().length().toSeconds() + " s)",
                        Integer.toString(restart.window().roundTrips()))
                .row("rpc errors answered in the window, by code", restart.window().errors().isEmpty() ? "none" : restart.window().errors().toString())
                .row("p99 round trip in the window", "%.1f ms".formatted(restart.window().latencies().p99() / 1000));
        return rolling.render();
    }

    private static String[] row(String name, ClusterLoad.Window window) {
        return new String[] {name, "%.0f".formatted(window.roundTripsPerSecond()), "%.0f".formatted(2 * window.roundTripsPerSecond()),
            "%.2f".formatted(window.latencies().p50() / 1000), "%.2f".formatted(window.latencies().p99() / 1000),
            window.errors().isEmpty() ? "none" : window.errors().toString()};
    }
}
