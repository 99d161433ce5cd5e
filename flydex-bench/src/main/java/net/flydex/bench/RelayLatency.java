package net.flydex.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.WireJson;
import net.flydex.server.accounts.Accounts;
import net.flydex.testkit.SealedDevice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Section 1: sequential {@code approvals/list} round trips from a browser's {@code /ws/client}
 * through the relay to the real helper, which answers it itself (no Codex call), sealed end to end
 * as every rpc is; against the same rpc through the relay to a {@link SimulatedAgent} in this JVM
 * that answers at once (the server's share alone), in clear and sealed (the same agent opening and
 * sealing with the protocol library the helper uses, {@link AgentSealing}: what sealing adds, the
 * helper's clear baseline being gone), and on the floors of {@link EchoServer}: a one-hop echo and
 * a two-hop forward with no FlyDex code. Last, in process, the sealed path's own seal and open steps ({@link SealingSteps}). Each path has its own {@link TimedSocket}; the paths take turns in blocks, the one going
 * first rotating every block, so drift lands on all alike. Last, one of the SQLite lookups the
 * relay makes per rpc is timed in process, as evidence of where relay time goes.
 */
final class RelayLatency {
    /**
     * The warm-up lasts at least this long, in passes of {@code --warmup} round trips: the server pings
     * every socket every 20 s ({@code AgentEndpoint}/{@code ClientEndpoint.PING_INTERVAL}), and the first
     * ping takes the JDK WebSocket client's compiled receive path through a branch it has not seen, so
     * the JIT throws that code away and compiles it again - in the helper and in this JVM's browsers.
     * Timing starts after that, as in a helper that has run for a minute.
     */
    static final Duration WARM_AT_LEAST = Duration.ofSeconds(25);
    /** Round trips per path before switching. */
    static final int BLOCK = 100;
    /** A round trip takes well under a millisecond; this bounds a hung relay only. */
    private static final Duration CALL_LIMIT = Duration.ofSeconds(10);
    /** This JVM's CPU time: the server, the browsers and the simulated helper all run in it. */
    private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * @param relay browser → server → helper → server → browser
     * @param simulated the same, with a simulated helper in this JVM that answers at once ({@link SimulatedAgent}), in clear
     * @param simulatedSealed the same simulated helper, the rpc and its answer sealed end to end
     * @param forward browser → forwarder → echoing client → forwarder → browser
     * @param echo browser → echo → browser
     * @param bareForward the forward with nothing between socket and routing ({@link BareWebSocket}, {@link BlockingEchoClient})
     * @param bareEcho the echo on {@link BareWebSocket}
     * @param lookup {@code Accounts.find} in process: one SQLite lookup by primary key
     * @param steps the sealed path's four seal and open steps in process, without sockets ({@link SealingSteps})
     * @param requestChars the rpc frame the browser sends; every path sends the same
     * @param replyChars the relay's result frame ({@code {"approvals":[]}}); the floors return the request
     * @param warmup untimed round trips per path before the timed ones ({@link RelayOptions#DEFAULT_WARMUP})
     * @param jit what the JIT compilers of the helper's JVM and of this one (server, floors, clients) used during the timed rounds
     * @param simulatedCpu this JVM's CPU (server, browser and simulated helper all in it) per round trip of the clear simulated path, µs
     * @param simulatedSealedCpu the same for the sealed simulated path: set against {@link #sealingCost}, it says whether sealing's
     *     extra time is work or waiting
     */
    record Result(Latencies relay, Latencies simulated, Latencies simulatedSealed, Latencies forward, Latencies echo, Latencies bareForward,
            Latencies bareEcho, Latencies lookup, SealingSteps.Result steps, int requestChars, int replyChars, int warmup,
            JitDuringTiming jit, double simulatedCpu, double simulatedSealedCpu, Optional<Padded> padded) {
        double ratio(ToDoubleFunction<Latencies> figure) {
            return figure.applyAsDouble(relay) / figure.applyAsDouble(echo);
        }

        /** What sealing adds to a round trip: the simulated helper sealed, less the same in clear. */
        double sealingCost(ToDoubleFunction<Latencies> figure) {
            return figure.applyAsDouble(simulatedSealed) - figure.applyAsDouble(simulated);
        }
    }

    /**
     * The frame-length control ({@code --frame-control}): the clear simulated path with its frames padded to the sealed ones' lengths.
     *
     * @param latencies its round trips
     * @param frames the pads (characters of the rpc's and the answer's pad string)
     */
    record Padded(Latencies latencies, PaddedFrames frames) {}

    /** JIT compiler CPU over the timed rounds, which took {@code wall}. */
    record JitDuringTiming(CompilerCpu helper, CompilerCpu bench, Duration wall) {}

    private RelayLatency() {}

    static Result run(ControlPlane plane, RelayDesktop desktop, int rounds, int warmup, boolean frameControl) {
        var simulated = new SimulatedAgent();
        // Not closed by the try: close() would wait for the simulated helper's socket, which must be aborted first.
        // The simulated helper's socket runs its listener on the selector thread, as the real helper's does (AgentLink).
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
        try (var floors = EchoServer.start();
                var relay = desktop.browser(plane, desktop.device);
                var relaySimulated = TimedSocket.parsingBrowser(plane, desktop.ownerToken);
                var relayPadded = TimedSocket.parsingBrowser(plane, desktop.ownerToken);
                var forward = TimedSocket.open(floors.forward, Map.of());
                var echo = TimedSocket.open(floors.echo, Map.of());
                var bareForward = TimedSocket.open(floors.bareForward, Map.of());
                var bareEcho = TimedSocket.open(floors.bareEcho, Map.of())) {
            // A second machine of the same account, whose "helper" answers at once in this JVM: the server's share alone.
            SealedDevice simulatedDevice = simulated.start(http, plane.url, desktop.ownerToken, "bench browser of the simulated helper", CALL_LIMIT);
            try (var relaySimulatedSealed = TimedSocket.sealedBrowser(plane.url, desktop.ownerToken, simulatedDevice, simulated.machineId(),
                    CALL_LIMIT)) {
                var paths = new ArrayList<>(List.of(
                        Route.browser(relay, desktop.machineId),
                        Route.browser(relaySimulated, simulated.machineId()),
                        Route.browser(relaySimulatedSealed, simulated.machineId()),
                        floor(forward, desktop.machineId), floor(echo, desktop.machineId), floor(bareForward, desktop.machineId),
                        floor(bareEcho, desktop.machineId)));
                Optional<PaddedFrames> padding = Optional.empty();
                if (frameControl) {
                    PaddedFrames frames = PaddedFrames.of(id(0), simulated.machineId(), "rly_" + "A".repeat(22), approvalsNone());
                    simulated.pad(frames);
                    paths.add(Route.padded(relayPadded, simulated.machineId(), frames));
                    padding = Optional.of(frames);
                }
                return time(plane, desktop, rounds, warmup, paths, padding);
            }
        } finally {
            simulated.abort();
            http.shutdownNow();
        }
    }

    /** A floor's route: it answers the frame itself, which is written before the timed span. */
    private static Route floor(TimedSocket socket, String machineId) {
        return new Route(socket, machineId, (i, reply) -> reply.equals(frame(machineId, i)), false);
    }

    /** Warm-up passes, then the timed rounds over {@code paths} (in {@link Result}'s order). */
    private static Result time(ControlPlane plane, RelayDesktop desktop, int rounds, int warmup, List<Route> paths,
            Optional<PaddedFrames> padding) {
        String machineId = desktop.machineId;
        long warmingSince = System.nanoTime();
        do {
            alternate(paths, new long[paths.size()][warmup]);
        } while (warmup > 0 && System.nanoTime() - warmingSince < WARM_AT_LEAST.toNanos());
        long[][] nanos = new long[paths.size()][rounds];
        long helperPid = desktop.helper.pid();
        long benchPid = ProcessHandle.current().pid();
        CompilerCpu helperBefore = CompilerCpu.of(helperPid);
        CompilerCpu benchBefore = CompilerCpu.of(benchPid);
        long start = System.nanoTime();
        paths.forEach(Route::countCpu);
        alternate(paths, nanos);
        var jit = new JitDuringTiming(CompilerCpu.of(helperPid).since(helperBefore), CompilerCpu.of(benchPid).since(benchBefore),
                Duration.ofNanos(System.nanoTime() - start));
        Accounts accounts = plane.server.services().accounts();
        String accountId = plane.server.services().sessions().authenticate(desktop.ownerToken).orElseThrow().accountId();
        return new Result(Latencies.of(nanos[0]), Latencies.of(nanos[1]), Latencies.of(nanos[2]), Latencies.of(nanos[3]),
                Latencies.of(nanos[4]), Latencies.of(nanos[5]), Latencies.of(nanos[6]),
                lookups(accounts, accountId, rounds, warmup), SealingSteps.run(rounds, warmup), frame(machineId, 0).length(),
                paths.get(1).replyChars, warmup, jit, paths.get(1).cpuMicrosPerRoundTrip(), paths.get(2).cpuMicrosPerRoundTrip(),
                padding.map(frames -> new Padded(Latencies.of(nanos[7]), frames)));
    }

    /** The rpc frame of round trip {@code i}; fixed-width ids, so every frame has the same size. */
    static String frame(String machineId, int i) {
        var frame = WireJson.mapper().createObjectNode().put("type", "rpc").put("id", id(i))
                .put("machineId", machineId).put("method", RpcMethods.APPROVALS_LIST);
        frame.putObject("params");
        return frame.toString();
    }

    /** What the simulated helper answers {@code approvals/list}: {@code {"approvals":[]}}. */
    private static JsonNode approvalsNone() {
        ObjectNode none = WireJson.mapper().createObjectNode();
        none.putArray("approvals");
        return none;
    }

    /** Round trip {@code i}'s rpc id. */
    static String id(int i) {
        return "b%07d".formatted(i);
    }

    static boolean isResult(String reply, int i) {
        JsonNode frame = WireJson.mapper().readTree(reply);
        return frame.path("type").asString("").equals("result") && frame.path("id").asString("").equals(id(i))
                && frame.path("result").path("approvals").isArray();
    }

    /** Round trip {@code i} on a socket: its rpc written, and sealed when the socket is a sealed browser. */
    static void sendRoundTrip(TimedSocket socket, String machineId, int i) {
        socket.sendRpc(id(i), machineId, RpcMethods.APPROVALS_LIST, WireJson.mapper().createObjectNode());
    }

    private static void alternate(List<Route> paths, long[][] nanos) {
        int rounds = nanos[0].length;
        for (int from = 0, block = 0; from < rounds; from += BLOCK, block++) {
            int to = Math.min(from + BLOCK, rounds);
            for (int k = 0; k < paths.size(); k++) {
                int path = (block + k) % paths.size();
                paths.get(path).time(nanos[path], from, to);
            }
        }
    }

    private static Latencies lookups(Accounts accounts, String accountId, int rounds, int warmup) {
        for (int i = 0; i < warmup; i++) {
            accounts.find(accountId).orElseThrow();
        }
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            accounts.find(accountId).orElseThrow();
            nanos[i] = System.nanoTime() - start;
        }
        return Latencies.of(nanos);
    }

    /** The answer check of a path: the round trip's index and the reply's text. */
    private interface Check {
        boolean ok(int i, String reply);
    }

    /** One socket and how its answers are checked; a browser's route writes each rpc inside the timed span. */
    private static final class Route {
        private final TimedSocket socket;
        private final String machineId;
        private final Check check;
        private final boolean writesRpc;
        /** The frame-length control's rpc params (a pad); empty for every other route, which writes its own as before. */
        private final Optional<JsonNode> params;
        private int replyChars;
        /** Counted over the timed rounds only. */
        private boolean countsCpu;
        private long cpuNanos;
        private int cpuRounds;

        private Route(TimedSocket socket, String machineId, Check check, boolean writesRpc, Optional<JsonNode> params) {
            this.socket = socket;
            this.machineId = machineId;
            this.check = check;
            this.writesRpc = writesRpc;
            this.params = params;
        }

        private Route(TimedSocket socket, String machineId, Check check, boolean writesRpc) {
            this(socket, machineId, check, writesRpc, Optional.empty());
        }

        /** The clear browser's route with its rpc and answer padded to the sealed frames' lengths ({@link PaddedFrames}). */
        static Route padded(TimedSocket socket, String machineId, PaddedFrames frames) {
            return new Route(socket, machineId, (i, reply) -> isResult(reply, i), true, Optional.of(frames.params()));
        }

        /**
         * A browser's route: the rpc is written as JSON (and sealed, on a sealed browser) and its
         * answer read inside the timed span, as a page does, so clear and sealed differ by sealing alone.
         */
        static Route browser(TimedSocket socket, String machineId) {
            return new Route(socket, machineId, (i, reply) -> isResult(reply, i), true);
        }

        void countCpu() {
            countsCpu = true;
        }

        /** This JVM's CPU per timed round trip of this path: process CPU over its blocks (10 ms ticks, so over many blocks). */
        double cpuMicrosPerRoundTrip() {
            return cpuNanos / 1000.0 / cpuRounds;
        }

        void time(long[] nanos, int from, int to) {
            long cpuBefore = PROCESS.getProcessCpuTime();
            for (int i = from; i < to; i++) {
                String text = frame(machineId, i);
                long start = System.nanoTime();
                if (params.isPresent()) {
                    socket.sendRpc(id(i), machineId, RpcMethods.APPROVALS_LIST, params.get());
                } else if (writesRpc) {
                    sendRoundTrip(socket, machineId, i);
                } else {
                    socket.send(text);
                }
                String reply = socket.next(CALL_LIMIT).text();
                nanos[i] = System.nanoTime() - start;
                // Checked outside the timed span: a failed or crossed answer measures nothing.
                if (!check.ok(i, reply)) {
                    throw new IllegalStateException("round trip " + i + " was answered " + reply);
                }
                replyChars = reply.length();
            }
            if (countsCpu) {
                cpuNanos += PROCESS.getProcessCpuTime() - cpuBefore;
                cpuRounds += to - from;
            }
        }
    }
}
