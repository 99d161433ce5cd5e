package net.flydex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * A browser tab left open on one machine: {@code /ws/client} with its own session (bearer) and
 * FlyDex's origin, subscribed to that machine, then idle.
 */
final class SimulatedBrowser extends JsonFrameListener {
    /** A loopback upgrade takes milliseconds; this bounds a hung server only. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String machineId;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private volatile boolean closed;

    SimulatedBrowser(String machineId) {
        this.machineId = machineId;
    }

    /** Opens the socket and subscribes; the future completes once the presence frame shows the machine online. */
    CompletableFuture<Void> connect(HttpClient http, URI clientSocket, URI origin, String sessionToken) {
        http.newWebSocketBuilder().connectTimeout(TIMEOUT).header("Origin", origin.toString())
                .header("Authorization", "Bearer " + sessionToken).buildAsync(clientSocket, this)
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        subscribed.completeExceptionally(failure);
                    }
                });
        return subscribed;
    }

    /** Subscribed, and the socket has not closed since. */
    boolean isOpen() {
        return subscribed.isDone() && !subscribed.isCompletedExceptionally() && !closed;
    }

    @Override
    public void onOpen(WebSocket ws) {
        ws.sendText(WireJson.mapper().createObjectNode().put("type", "subscribe").put("machineId", machineId).toString(), true);
        ws.request(1);
    }

    @Override
    void received(WebSocket ws, JsonNode frame) {
        if (frame.path("type").asString("").equals("machine") && frame.path("machineId").asString("").equals(machineId)) {
            if (frame.path("online").asBoolean()) {
                subscribed.complete(null);
            } else {
                subscribed.completeExceptionally(new IllegalStateException("machine " + machineId + " is offline"));
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed = true;
        subscribed.completeExceptionally(new IllegalStateException("/ws/client closed with " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed = true;
        subscribed.completeExceptionally(error);
    }
}
