package net.flydex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * A browser under load: {@code /ws/client} with its own session, sending {@code thread/list} to
 * one machine and the next as soon as the answer is in (a closed loop, one rpc in flight). Round
 * trips go to a shared {@link LoadRecorder}; error answers are counted there by code. With a
 * pause set ({@link #pace}) it waits that long between an answer and the next rpc instead. A socket
 * the server closes is opened again on the URL given by {@link #reconnectTo}, as a browser behind
 * a load balancer would.
 */
final class LoadBrowser extends JsonFrameListener {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String machineId;
    private final String sessionToken;
    private final URI origin;
    private final HttpClient http;
    private final LoadRecorder recorder;
    private final AtomicLong ids = new AtomicLong();
    private final java.util.concurrent.ScheduledExecutorService timer;
    private volatile Duration pause = Duration.ZERO;
    private volatile URI clientSocket;
    private volatile boolean running;
    private volatile long sentAt;
    private volatile WebSocket socket;

    LoadBrowser(String machineId, String sessionToken, URI origin, URI clientSocket, HttpClient http, LoadRecorder recorder,
            java.util.concurrent.ScheduledExecutorService timer) {
        this.timer = timer;
        this.machineId = machineId;
        this.sessionToken = sessionToken;
        this.origin = origin;
        this.clientSocket = clientSocket;
        this.http = http;
        this.recorder = recorder;
    }

    /** Opens the socket; the future completes when it is open. */
    CompletableFuture<WebSocket> open() {
        return http.newWebSocketBuilder().connectTimeout(TIMEOUT).header("Origin", origin.toString())
                .header("Authorization", "Bearer " + sessionToken).buildAsync(clientSocket, this);
    }

    /** From now on, wait this long between an answer and the next rpc (zero: at once). */
    void pace(Duration between) {
        pause = between;
    }

    /** Where to go when the server closes this socket (a node stopping). */
    void reconnectTo(URI socket) {
        clientSocket = socket;
    }

    void start(WebSocket ws) {
        running = true;
        send(ws);
    }

    /** No more rpcs, no reconnect; the socket is dropped. */
    void stop() {
        running = false;
        if (socket != null) {
            socket.abort();
        }
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
        ws.request(1);
        if (running) {
            send(ws);
        }
    }

    @Override
    void received(WebSocket ws, JsonNode frame) {
        String type = frame.path("type").asString("");
        if (type.equals("result") || type.equals("error")) {
            long took = System.nanoTime() - sentAt;
            if (type.equals("result")) {
                recorder.roundTrip(took);
            } else {
                recorder.error(frame.path("error").path("code").asString("?"));
            }
            if (running && pause.isZero()) {
                send(ws);
            } else if (running) {
                timer.schedule(() -> send(ws), pause.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        reopen();
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        reopen();
    }

    private void reopen() {
        if (running) {
            recorder.browserReconnect();
            open();
        }
    }

    private void send(WebSocket ws) {
        sentAt = System.nanoTime();
        var rpc = WireJson.mapper().createObjectNode().put("type", "rpc").put("id", "b" + ids.incrementAndGet())
                .put("machineId", machineId).put("method", "thread/list");
        rpc.putObject("params");
        ws.sendText(rpc.toString(), true);
    }
}
