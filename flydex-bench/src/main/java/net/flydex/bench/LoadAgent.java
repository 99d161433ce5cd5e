package net.flydex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * A helper under load: the identity of a paired {@link SimulatedAgent}, a {@code /ws/agent}
 * socket that answers every rpc at once with a small result (no Codex behind it), and the
 * helper's reconnect rule - after a drop, the next server URL, after a jittered backoff
 * (0.5-1 s, doubling to 30 s, reset by a welcome).
 */
final class LoadAgent extends JsonFrameListener {
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration RETRY_CAP = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SimulatedAgent identity;
    private final List<URI> agentSockets;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final AtomicInteger welcomes;
    private final Random random = new Random();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile boolean stopped;
    private volatile boolean connected;
    private volatile WebSocket socket;
    private int next;
    private Duration window = FIRST_RETRY;

    /**
     * @param agentSockets the {@code /ws/agent} URLs of the nodes, the first tried first
     * @param welcomes counts every welcome of every agent sharing it
     */
    LoadAgent(SimulatedAgent identity, List<URI> agentSockets, HttpClient http, ScheduledExecutorService timer, AtomicInteger welcomes) {
        this.identity = identity;
        this.agentSockets = agentSockets;
        this.http = http;
        this.timer = timer;
        this.welcomes = welcomes;
    }

    String machineId() {
        return identity.machineId();
    }

    boolean connected() {
        return connected;
    }

    void start() {
        dial();
    }

    void stop() {
        stopped = true;
        if (socket != null) {
            socket.abort();
        }
    }

    private void dial() {
        if (stopped) {
            return;
        }
        http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(agentSockets.get(next), this)
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        retry();
                    }
                });
    }

    /** The drop moves to the next node; the wait is drawn from the upper half of a doubling window. */
    private synchronized void retry() {
        connected = false;
        if (stopped) {
            return;
        }
        next = (next + 1) % agentSockets.size();
        long max = window.toMillis();
        window = window.multipliedBy(2).compareTo(RETRY_CAP) > 0 ? RETRY_CAP : window.multipliedBy(2);
        timer.schedule(this::dial, max / 2 + random.nextLong(max / 2 + 1), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        retry();
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        retry();
    }

    @Override
    void received(WebSocket ws, JsonNode frame) {
        switch (frame.path("type").asString("")) {
            case "challenge" -> send(ws, WireJson.mapper().writeValueAsString(new AgentMessage.Hello(identity.machineId(),
                    identity.sign(frame.path("nonce").asString()), SimulatedAgent.HELPER_VERSION, CodexStatus.READY)));
            case "welcome" -> {
                synchronized (this) {
                    window = FIRST_RETRY;
                }
                connected = true;
                welcomes.incrementAndGet();
            }
            case "rpc" -> {
                var result = WireJson.mapper().createObjectNode();
                result.putArray("approvals");
                result.putArray("data");
                send(ws, RelayFrames.result(frame.path("id").asString(), result).toString());
            }
            default -> { }
        }
    }

    /** The JDK socket allows one send at a time: each waits for the previous one. */
    private synchronized void send(WebSocket ws, String text) {
        sending = sending.thenCompose(ignored -> ws.sendText(text, true));
    }
}
