package net.flydex.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.CodexHome;
import net.flydex.testkit.LocalConnect;
import net.flydex.testkit.SealedDevice;
import net.flydex.testkit.SharedCodex;

/**
 * A helper as a person has it: started at login, then a handful of messages an hour, so its code
 * never gets hot; behind a control plane that is warm because it serves everyone. Measured against
 * a peer-style floor run in the same bench ({@link NodeFloor}: a minimal Node {@code ws} relay and
 * host stub), in three regimes:
 * <ol>
 *   <li><b>cold</b>: a warm server process, a freshly started helper (each way a person may run it,
 *       {@link HelperVariant}) or Node host stub; {@code --warmup} untimed round trips, then
 *       {@code --rounds} timed;
 *   <li><b>warm</b>: the same helper and stub after {@code --warm-seconds} more of traffic;
 *   <li><b>fresh</b>: a fresh server process and a fresh helper, with and without their AOT caches,
 *       against a fresh Node relay and stub.
 * </ol>
 * Every trial runs every path, in an order that rotates from trial to trial; the report gives the
 * median over the trials of each figure, and the ratio to the Node floor measured in the same trial.
 * Beside them: each helper's start to {@code /v1/health} (its first answer, a started helper's and
 * Codex ready), Codex's own start (a bare {@code codex app-server} answering initialize), with
 * {@code --startup-only} a JVM that only starts Codex ({@link CodexFloor}), and, in the first trial, each idle
 * process's memory, threads and wake-ups over {@code --idle-seconds}.
 * Run from the repository root after {@code ./mvnw package} (which trains the AOT caches); progress on stderr, the report on stdout.
 */
public final class ColdStartBench {
    static final String NODE = "Node ws floor: relay + host stub";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration CALL_LIMIT = Duration.ofSeconds(10);
    private static final String EMAIL = "cold-bench@example.com";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String PRESENCE = "{\"type\":\"machine\"";

    private final ColdOptions options;
    private final SharedCodex codex;
    private final Path work;
    private final ColdReport report = new ColdReport();
    private int machines;

    private ColdStartBench(ColdOptions options, SharedCodex codex, Path work) {
        this.options = options;
        this.codex = codex;
        this.work = work;
    }

    public static void main(String[] args) {
        ColdOptions options = BenchSetup.prepare(args, ColdOptions::parse, ColdOptions.USAGE);
        System.err.println("installing or finding the pinned Codex and ws@" + NodeFloor.WS_VERSION + ", starting the scripted model...");
        SharedCodex codex = SharedCodex.get();
        NodeFloor.install();
        if (options.variants().contains(HelperVariant.NPM_OTHER_JIT_CACHE)) {
            System.err.println("training the helper's AOT cache with the other JIT's flags (about a minute)...");
            OtherJitCache.train();
        }
        String loadBefore = ColdReport.loadAverage();
        try (var work = TempDir.create("flydex-cold-bench-")) {
            var bench = new ColdStartBench(options, codex, work.path());
            bench.run();
            System.out.println(BenchSetup.header("cold-start", codex) + "\n" + "load average (1, 5, 15 min) before: " + loadBefore + "; after: "
                    + ColdReport.loadAverage() + "\n\n" + bench.report.render(options));
        } finally {
            codex.model().close();
        }
    }

    private void run() {
        if (options.startupOnly()) {
            startups();
            return;
        }
        try (var server = WarmServer.start(work.resolve("warm-server"), Path.of("")); var relay = NodeFloor.relay()) {
            Optional<Baseline> baseline = options.baseline().map(root -> {
                HelperSetup helper = HelperSetup.baseline(root);
                return new Baseline(WarmServer.start(work.resolve("baseline-server"), root), helper);
            });
            try {
                trials(server, baseline, relay);
            } finally {
                baseline.ifPresent(b -> b.server().close());
            }
        }
    }

    /** Every trial's paths behind the warm servers (an earlier build's helper behind its own server) and relay. */
    private void trials(WarmServer server, Optional<Baseline> baseline, NodeFloor.Relay relay) {
        System.err.println("warming the servers and the Node relay for " + options.warmSeconds() + " s each...");
        flydexPath(server, HelperSetup.of(HelperVariant.NPM_CACHE), false, false, -1);
        baseline.ifPresent(b -> flydexPath(b.server(), b.helper(), false, false, -1));
        nodePath(relay, false, false, -1);
        for (int trial = 0; trial < options.trials(); trial++) {
            List<Runnable> paths = new ArrayList<>();
            int t = trial;
            for (HelperVariant variant : options.helpers()) {
                paths.add(() -> flydexPath(server, HelperSetup.of(variant), true, variant != HelperVariant.NPM_NO_CACHE, t));
            }
            baseline.ifPresent(b -> paths.add(() -> flydexPath(b.server(), b.helper(), true, true, t)));
            paths.add(() -> nodePath(relay, true, true, t));
            paths.add(() -> report.codexStart(false, codexOwnStart(t)));
            if (trial == 0 && options.idleSeconds() > 0) {
                for (JvmFloor floor : JvmFloor.values()) {
                    paths.add(() -> {
                        System.err.println("trial 1: " + floor.label + ", idle for " + options.idleSeconds() + " s...");
                        report.idle(floor.label, floor.watch(Duration.ofSeconds(options.idleSeconds())));
                    });
                }
            }
            for (int k = 0; k < paths.size(); k++) {
                paths.get((trial + k) % paths.size()).run();
            }
            if (options.fresh()) {
                freshPaths(trial);
            }
        }
    }

    /** An earlier build compared in the same run: its helper behind its own warm server. */
    private record Baseline(WarmServer server, HelperSetup helper) {}

    /** A warm server process of one build, with the account its helpers are linked to. */
    private record WarmServer(ServerNode node, ApiClient owner, String token) implements AutoCloseable {
        static WarmServer start(Path dataDir, Path root) {
            ServerNode node = ServerNode.start(root, dataDir, true);
            ApiClient owner = node.browser();
            return new WarmServer(node, owner, signUp(owner));
        }

        @Override
        public void close() {
            node.close();
        }
    }

    /** A fresh helper of this setup behind the warm server; {@code trial} < 0 only warms the server. */
    private void flydexPath(WarmServer warmServer, HelperSetup setup, boolean timed, boolean warm, int trial) {
        String label = setup.label();
        System.err.println("trial " + (trial + 1) + ": " + label + " behind the warm server...");
        ServerNode server = warmServer.node();
        ApiClient owner = warmServer.owner();
        String token = warmServer.token();
        Path dir = work.resolve("helper-" + setup.key() + "-" + trial);
        CodexHome home = codex.privateHome(dir.resolve("codex-home"));
        try (var helper = HelperProcess.launch(setup.jar(), setup.flags(), codex.install().binary(), home.dir(),
                dir, server.url, setup.env()); var probe = new HealthProbe()) {
            StartupTimes started = helper.awaitReady(probe);
            String machine = link(server.url, owner, helper.port());
            try (var socket = browser(server.url, token, helper.port(), machine)) {
                if (!timed) {
                    traffic(socket, machine, Duration.ofSeconds(options.warmSeconds()));
                    return;
                }
                report.startup(label, started);
                double beforeCold = ProcessCpu.millis(helper.pid());
                report.cold(label, trial, time(socket, machine, setup.key() + "-" + trial + "-cold"));
                report.coldCpu(label, ProcessCpu.millis(helper.pid()) - beforeCold);
                if (warm) {
                    traffic(socket, machine, Duration.ofSeconds(options.warmSeconds()));
                    double beforeWarm = ProcessCpu.millis(helper.pid());
                    report.warm(label, trial, time(socket, machine, setup.key() + "-" + trial + "-warm"));
                    report.warmCpu(label, ProcessCpu.millis(helper.pid()) - beforeWarm);
                }
                if (trial == 0 && options.idleSeconds() > 0) {
                    System.err.println("   idle for " + options.idleSeconds() + " s...");
                    report.idle(label, IdleSample.watch(helper.pid(), Duration.ofSeconds(options.idleSeconds())));
                    report.idle("its codex app-server (" + label.replaceFirst("^helper: ", "") + ")",
                            IdleSample.watch(helper.codexChild().pid(), Duration.ofSeconds(1)));
                }
            } finally {
                Answers.expect(owner.delete("/api/machines/" + machine), 204, "machine removal");
            }
        }
    }

    /**
     * {@code --startup-only}: per trial, every helper started until Codex is ready and stopped, then
     * started again on the state it left (a person's helper at login: keys, state and Codex's home
     * already there), and Codex's own start likewise, fresh and on a kept home, and a JVM that only
     * starts Codex, the same two ways, in rotating order.
     */
    private void startups() {
        var setups = new ArrayList<HelperSetup>(options.helpers().stream().map(HelperSetup::of).toList());
        options.baseline().ifPresent(root -> setups.add(HelperSetup.baseline(root)));
        for (int trial = 0; trial < options.trials(); trial++) {
            List<Runnable> paths = new ArrayList<>();
            int t = trial;
            for (HelperSetup setup : setups) {
                paths.add(() -> {
                    Path dir = work.resolve("start-" + setup.key() + "-" + t);
                    for (boolean restart : new boolean[] {false, true}) {
                        try (var helper = HelperProcess.launch(setup.jar(), setup.flags(), codex.install().binary(),
                                codex.privateHome(dir.resolve("codex-home")).dir(), dir, setup.env()); var probe = new HealthProbe()) {
                            report.startup(setup.label() + (restart ? ColdReport.RESTART : ""), helper.awaitReady(probe));
                        }
                    }
                });
            }
            paths.add(() -> {
                report.codexStart(false, codexOwnStart(t));
                report.codexStart(true, codexOwnStart(t));
            });
            paths.add(() -> {
                System.err.println("trial " + (t + 1) + ": a JVM that only starts Codex...");
                CodexHome home = codex.privateHome(work.resolve("codex-floor-" + t));
                report.codexFloor(false, CodexFloor.readyMillis(codex.install().binary(), home));
                report.codexFloor(true, CodexFloor.readyMillis(codex.install().binary(), home));
            });
            for (int k = 0; k < paths.size(); k++) {
                paths.get((trial + k) % paths.size()).run();
            }
        }
    }

    /** A fresh Node host stub behind the warm Node relay. */
    private void nodePath(NodeFloor.Relay relay, boolean timed, boolean warm, int trial) {
        System.err.println("trial " + (trial + 1) + ": " + NODE + "...");
        String machine = "node-" + trial;
        try (var host = NodeFloor.host(relay, machine); var socket = TimedSocket.open(relay.clientUrl(), Map.of())) {
            if (!timed) {
                traffic(socket, machine, Duration.ofSeconds(options.warmSeconds()));
                return;
            }
            report.nodeStart(host.connectedMillis());
            report.cold(NODE, trial, time(socket, machine, "NODE-" + trial + "-cold"));
            if (warm) {
                traffic(socket, machine, Duration.ofSeconds(options.warmSeconds()));
                report.warm(NODE, trial, time(socket, machine, "NODE-" + trial + "-warm"));
            }
            if (trial == 0 && options.idleSeconds() > 0) {
                report.idle("Node host stub", IdleSample.watch(host.process().pid(), Duration.ofSeconds(options.idleSeconds())));
            }
        }
    }

    /** Fresh processes on both sides: a server and a helper (with and without their caches), and a Node relay and stub. */
    private void freshPaths(int trial) {
        List<Runnable> paths = List.of(() -> freshFlydex(trial, true), () -> freshFlydex(trial, false), () -> {
            System.err.println("trial " + (trial + 1) + ": fresh Node relay and host stub...");
            try (var relay = NodeFloor.relay(); var host = NodeFloor.host(relay, "fresh"); var socket = TimedSocket.open(relay.clientUrl(),
                    Map.of())) {
                report.fresh(NODE, trial, time(socket, "fresh", "NODE-" + trial + "-fresh"));
            }
        });
        for (int k = 0; k < paths.size(); k++) {
            paths.get((trial + k) % paths.size()).run();
        }
    }

    private void freshFlydex(int trial, boolean caches) {
        String label = caches ? "server + helper, both with AOT caches" : "server + helper, no caches";
        System.err.println("trial " + (trial + 1) + ": fresh " + label + "...");
        Path dir = work.resolve("fresh-" + caches + "-" + trial);
        try (var server = ServerNode.start(dir.resolve("server"), caches)) {
            ApiClient owner = server.browser();
            String token = signUp(owner);
            HelperVariant variant = caches ? HelperVariant.NPM_CACHE : HelperVariant.NPM_NO_CACHE;
            try (var helper = HelperProcess.launch(BenchSetup.HELPER_JAR.toAbsolutePath(), variant.flags(), codex.install().binary(),
                    codex.privateHome(dir.resolve("codex-home")).dir(), dir, server.url); var probe = new HealthProbe()) {
                helper.awaitReady(probe);
                String machine = link(server.url, owner, helper.port());
                try (var socket = browser(server.url, token, helper.port(), machine)) {
                    report.fresh(label, trial, time(socket, machine, (caches ? "FRESH_CACHES-" : "FRESH_NO_CACHES-") + trial + "-fresh"));
                    report.serverStart(label, server.readyMillis);
                }
            }
        }
    }

    private static String signUp(ApiClient owner) {
        return Answers.expect(owner.post("/api/auth/signup", Map.of("email", EMAIL, "password", PASSWORD, "tokenInBody", true)), 201,
                "sign-up").body().path("sessionToken").asString();
    }

    private String link(URI server, ApiClient owner, int helperPort) {
        try {
            machines++;
            return LocalConnect.link(server, server.toString(), owner, helperPort, WAIT);
        } catch (Exception e) {
            throw new IllegalStateException("local connect of helper " + machines + " failed", e);
        }
    }

    /**
     * The owner's {@code /ws/client} as a browser the helper trusts (introduced through its local
     * API), subscribed to the machine once it is online with Codex ready, its sealed session open.
     */
    private static TimedSocket browser(URI server, String token, int helperPort, String machine) {
        SealedDevice device = SealedDevice.create("cold-start bench browser");
        device.introduceLocally(helperPort, server.toString(), machine).ifPresent(refused -> {
            throw new IllegalStateException("the helper refused the bench browser: " + refused);
        });
        return TimedSocket.sealedBrowser(server, token, device, machine, WAIT);
    }

    /** {@code --warmup} untimed round trips, then {@code --rounds} timed ones. */
    private Latencies time(TimedSocket socket, String machine, String series) {
        roundTrips(socket, machine, new long[options.warmup()], new long[options.warmup()]);
        long[] nanos = new long[options.rounds()];
        long[] starts = new long[options.rounds()];
        roundTrips(socket, machine, nanos, starts);
        RoundTripLog.write(series, starts, nanos);
        return Latencies.of(nanos);
    }

    private static void traffic(TimedSocket socket, String machine, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        long[] block = new long[RelayLatency.BLOCK];
        long[] starts = new long[RelayLatency.BLOCK];
        while (System.nanoTime() - until < 0) {
            roundTrips(socket, machine, block, starts);
        }
    }

    private static void roundTrips(TimedSocket socket, String machine, long[] nanos, long[] starts) {
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            starts[i] = start;
            RelayLatency.sendRoundTrip(socket, machine, i);
            String reply = socket.next(CALL_LIMIT).text();
            while (reply.startsWith(PRESENCE)) {
                // A presence frame the server sent after the subscription (Codex's state settling): not the answer.
                reply = socket.next(CALL_LIMIT).text();
            }
            nanos[i] = System.nanoTime() - start;
            // Checked outside the timed span: a failed or crossed answer measures nothing.
            if (!RelayLatency.isResult(reply, i)) {
                throw new IllegalStateException("round trip " + i + " was answered " + reply);
            }
        }
    }

    /** Milliseconds from spawning a bare {@code codex app-server} until it answered {@code initialize}. */
    private double codexOwnStart(int trial) {
        System.err.println("trial " + (trial + 1) + ": Codex's own start...");
        CodexHome home = codex.privateHome(work.resolve("codex-alone-" + trial)); // the same home when called again
        long start = System.nanoTime();
        try (var client = DirectClient.start(codex.install().binary(), home, CALL_LIMIT)) {
            return (System.nanoTime() - start) / 1e6;
        }
    }
}
