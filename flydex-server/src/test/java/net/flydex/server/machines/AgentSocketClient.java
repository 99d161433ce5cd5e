package net.flydex.server.machines;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.WebSocketRecorder;
import tools.jackson.databind.JsonNode;

/** A test's helper end of {@code /ws/agent}: the JDK WebSocket client, frames queued, the close code kept. */
public final class AgentSocketClient implements AutoCloseable {
    /** Long enough for a loaded CI machine, short enough that a hang fails fast. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WebSocketRecorder frames = new WebSocketRecorder();
    private final WebSocket socket;

    private AgentSocketClient(URI uri, WebSocket.Builder builder) {
        this.socket = builder.buildAsync(uri, frames).join();
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
        return WireJson.mapper().readTree(frames.next(WAIT));
    }

    /** The next frame if one comes within {@code wait}: for proving that nothing arrives. */
    public Optional<JsonNode> poll(Duration wait) throws InterruptedException {
        return frames.poll(wait).map(WireJson.mapper()::readTree);
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
    public int awaitClose() throws InterruptedException {
        return frames.closeCode(WAIT);
    }

    public boolean isClosed() {
        return frames.isClosed();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
