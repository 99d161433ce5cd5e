package net.flydex.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.SealedDevice;
import tools.jackson.databind.JsonNode;

/**
 * Section 2, the relay's share of an approval card with and without sealing: a browser's
 * {@code turn/start} to a {@link SimulatedAgent} that answers at once with the turn and then a
 * command card (no Codex), through the real control plane, in clear and sealed end to end on the
 * same agent ({@link AgentSealing}), in alternating blocks. The card's wait is timed from the send
 * to the card taken off the browser's queue (opened, for the sealed browser). The real helper's
 * sealed cards, with Codex, are {@link ApprovalTiming}'s.
 */
final class CardTiming {
    /** Cards timed per path (and as many untimed first): enough for a p99 on twenty observations. */
    static final int ROUNDS = 2000;
    /** Cards per path before switching. */
    static final int BLOCK = 50;
    /** A card comes back in well under a millisecond; this bounds a hung relay only. */
    private static final Duration CALL_LIMIT = Duration.ofSeconds(10);

    /** Microsecond figures of the send → card wait per path. */
    record Result(Latencies clear, Latencies sealed, int cardChars, int warmup) {}

    private CardTiming() {}

    static Result run(ControlPlane plane, String ownerToken, int rounds, int warmup) {
        var agent = new SimulatedAgent();
        // As in RelayLatency: the agent's listener runs on the client's selector thread, and its socket is aborted, not closed.
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
        try {
            SealedDevice device = agent.start(http, plane.url, ownerToken, "card bench browser", CALL_LIMIT);
            try (var clear = TimedSocket.parsingBrowser(plane, ownerToken);
                    var sealed = TimedSocket.sealedBrowser(plane.url, ownerToken, device, agent.machineId(), CALL_LIMIT)) {
                clear.send(WireJson.mapper().createObjectNode().put("type", "subscribe").put("machineId", agent.machineId()).toString());
                clear.await(frame -> frame.path("type").asString("").equals("machine") && frame.path("online").asBoolean(), CALL_LIMIT);
                long[][] untimed = new long[2][warmup];
                alternate(clear, sealed, agent.machineId(), untimed);
                long[][] nanos = new long[2][rounds];
                alternate(clear, sealed, agent.machineId(), nanos);
                return new Result(Latencies.of(nanos[0]), Latencies.of(nanos[1]), SimulatedAgent.card(0).toString().length(), warmup);
            }
        } finally {
            agent.abort();
            http.shutdownNow();
        }
    }

    /** Blocks of {@link #BLOCK} cards per path, the path going first swapping every block. */
    private static void alternate(TimedSocket clear, TimedSocket sealed, String machineId, long[][] nanos) {
        int rounds = nanos[0].length;
        for (int from = 0, block = 0; from < rounds; from += BLOCK, block++) {
            int to = Math.min(from + BLOCK, rounds);
            for (int k = 0; k < 2; k++) {
                boolean sealedFirst = block % 2 == 0;
                boolean isSealed = sealedFirst == (k == 0);
                for (int i = from; i < to; i++) {
                    nanos[isSealed ? 1 : 0][i] = once(isSealed ? sealed : clear, machineId, "k" + block + "-" + i, isSealed);
                }
            }
        }
    }

    /**
     * One card: turn/start sent, the card awaited. The relay broadcasts a clear card to every
     * subscriber, the sealed browser's too; a sealed card comes opened, with its session's id, so
     * the sealed path takes only those.
     */
    private static long once(TimedSocket socket, String machineId, String id, boolean sealed) {
        JsonNode params = WireJson.mapper().createObjectNode().put("threadId", "bench");
        long start = System.nanoTime();
        socket.sendRpc(id, machineId, SimulatedAgent.TURN_START, params);
        long deadline = start + CALL_LIMIT.toNanos();
        while (true) {
            TimedSocket.Arrival arrival = socket.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            JsonNode frame = arrival.json();
            if (frame.path("type").asString("").equals("approval") && frame.has("sessionId") == sealed) {
                return arrival.nanos() - start;
            }
            if (frame.path("type").asString("").equals("e2eFailure") || frame.path("type").asString("").equals("error")) {
                throw new IllegalStateException("the card path failed: " + frame);
            }
        }
    }
}
