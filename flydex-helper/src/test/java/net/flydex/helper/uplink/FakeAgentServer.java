package net.flydex.helper.uplink;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.flydex.protocol.WireJson;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import tools.jackson.databind.JsonNode;

/**
 * A control plane's {@code /ws/agent} reduced to the handshake: challenge, a welcome for any hello, and every frame
 * recorded. It pings only when told to, and drops only when told to.
 */
final class FakeAgentServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private volatile Session socket;

    FakeAgentServer() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/ws/agent",
                (request, response, callback) -> new Connection())));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** The next frame the helper sent, within 10 s. */
    JsonNode next() throws InterruptedException {
        JsonNode frame = received.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("the helper sent nothing");
        }
        return frame;
    }

    void send(String text) {
        socket.sendText(text, Callback.NOOP);
    }

    /** Pings the helper, as the control plane does every 20 s. */
    void ping() {
        socket.sendPing(java.nio.ByteBuffer.allocate(0), Callback.NOOP);
    }

    /** Drops the helper's socket, as a restarting node would. */
    void drop() {
        socket.close(1001, "going away", Callback.NOOP);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** One helper on the socket (public: Jetty calls its methods through method handles). */
    public final class Connection implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            socket = session;
            session.sendText("{\"type\":\"challenge\",\"nonce\":\"bm9uY2U\"}", Callback.NOOP);
        }

        @Override
        public void onWebSocketText(String text) {
            JsonNode frame = WireJson.mapper().readTree(text);
            received.add(frame);
            if (frame.path("type").asString("").equals("hello")) {
                session.sendText("{\"type\":\"welcome\"}", Callback.NOOP);
            }
        }
    }
}
