package net.flydex.server.machines;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/** A test's helper end of {@code /ws/agent}: the JDK WebSocket client, frames queued, the close code kept. */
public final class AgentSocketClient implements WebSocket.Listener, AutoCloseable {
    /** Long enough for a loaded CI machine, short enough that a hang fails fast. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private AgentSocketClient(URI uri, WebSocket.Builder builder) {
        this.socket = builder.buildAsync(uri, this).join();
    }

    public static AgentSocketClient open(URI serverUrl) {
        return open(URI.create("ws://" + serverUrl.getAuthority() + "/ws/agent"), HttpClient.newHttpClient().newWebSocketBuilder());
    }

    /** Any FlyDex socket ({@code /ws/client} too) with the builder's headers; a refused upgrade throws. */
    public static AgentSocketClient open(URI socketUri, WebSocket.Builder builder) {
        return new AgentSocketClient(socketUri, builder);
    }

    /** The next frame from the server; fails the test when none comes. */
    public JsonNode next() throws InterruptedException {
        JsonNode frame = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame from the server within " + WAIT);
        }
        return frame;
    }

    /** The next frame if one comes within {@code wait}: for proving that nothing arrives. */
    public Optional<JsonNode> poll(Duration wait) throws InterruptedException {
        return Optional.ofNullable(received.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
    }

    public String challengeNonce() throws InterruptedException {
        JsonNode challenge = next();
        if (!"challenge".equals(challenge.path("type").asString())) {
            throw new AssertionError("expected a challenge, got " + challenge);
        }
        return challenge.path("nonce").asString();
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(ByteBuffer data) {
        socket.sendBinary(data, true).join();
    }

    public void send(Object message) {
        send(WireJson.mapper().writeValueAsString(message));
    }

    /** The close code the server sent; fails the test when the socket stays open. */
    public int awaitClose() throws Exception {
        return closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(WireJson.mapper().readTree(partial.toString()));
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
