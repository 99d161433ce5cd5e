package net.flydex.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hostile relay passes HTTP and frames as they are unless told otherwise, and then does what it is told. */
class TamperingRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Server upstream = new Server();
    private final BlockingQueue<String> upstreamGot = new LinkedBlockingQueue<>();
    private volatile Session upstreamSocket;
    private TamperingRelay relay;
    private final HttpClient http = HttpClient.newHttpClient();

    /** An upstream "control plane": POST /echo answers its body with a header; /ws/agent keeps what it gets and says "challenge" on open. */
    @BeforeEach
    void start() throws Exception {
        var connector = new ServerConnector(upstream);
        connector.setHost("127.0.0.1");
        upstream.addConnector(connector);
        var sockets = WebSocketUpgradeHandler.from(upstream, container -> container.addMapping("/ws/agent", (rq, rs, cb) -> new Agent()));
        sockets.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = Content.Source.asInputStream(request).readAllBytes();
                response.setStatus(201);
                response.getHeaders().put("X-Seen-Auth", String.valueOf(request.getHeaders().get("Authorization")));
                response.write(true, ByteBuffer.wrap((Request.getPathInContext(request) + "?" + request.getHttpURI().getQuery() + " "
                        + new String(body)).getBytes()), callback);
                return true;
            }
        });
        upstream.setHandler(sockets);
        upstream.start();
        relay = TamperingRelay.start(URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    public final class Agent implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketOpen(Session session) {
            upstreamSocket = session;
            session.sendText("{\"type\":\"challenge\"}", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }

        @Override
        public void onWebSocketText(String text) {
            upstreamGot.add(text);
        }
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
        upstream.stop();
        http.close();
    }

    @Test
    void httpPassesThroughWithItsHeadersAndBody() throws Exception {
        var answer = http.send(HttpRequest.newBuilder(relay.url().resolve("/api/machines/register?x=1")).header("Authorization", "Bearer t")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("/api/machines/register?x=1 {\"a\":1}");
        assertThat(answer.headers().firstValue("X-Seen-Auth")).hasValue("Bearer t");
    }

    @Test
    void framesPassBothWaysAndTheTamperChangesDropsAndAddsAndInjects() throws Exception {
        var helperGot = new WebSocketRecorder();
        WebSocket helper = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + relay.url().getPort() + "/ws/agent"), helperGot)
                .join();
        assertThat(helperGot.next(WAIT)).isEqualTo("{\"type\":\"challenge\"}");
        helper.sendText("{\"type\":\"hello\"}", true).join();
        assertThat(upstreamGot.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"hello\"}");

        relay.tamper((direction, text) -> direction == TamperingRelay.Direction.TO_SERVER
                ? text.contains("drop") ? List.of() : List.of(text.replace("a", "b"), "{\"type\":\"extra\"}")
                : List.of(text));
        helper.sendText("{\"type\":\"drop\"}", true).join();
        helper.sendText("{\"type\":\"a\"}", true).join();
        assertThat(upstreamGot.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"b\"}");
        assertThat(upstreamGot.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"extra\"}");

        relay.inject(TamperingRelay.Direction.TO_HELPER, "{\"type\":\"rpc\"}");
        assertThat(helperGot.next(WAIT)).isEqualTo("{\"type\":\"rpc\"}");
        assertThat(relay.seen()).extracting(TamperingRelay.Frame::type).containsExactly("challenge", "hello", "drop", "a");
        assertThat(relay.await(TamperingRelay.Direction.TO_SERVER, f -> f.path("type").asString("").equals("a"), WAIT).text())
                .isEqualTo("{\"type\":\"a\"}");

        upstreamSocket.close(4401, "revoked", org.eclipse.jetty.websocket.api.Callback.NOOP);
        assertThat(helperGot.closeCode(WAIT)).as("the server's close code reaches the helper").isEqualTo(4401);
    }
}
