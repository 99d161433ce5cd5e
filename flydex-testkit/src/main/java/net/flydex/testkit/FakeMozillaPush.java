package net.flydex.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mozilla's push service (autopush) on loopback, as Firefox talks to it: Firefox connects to the
 * WebSocket (pref {@code dom.push.serverURL}, subprotocol {@code push-notification}) and says
 * {@code hello} (the service names its user agent id, {@code uaid}); each
 * {@code pushManager.subscribe()} sends {@code register} with a {@code channelID} and the
 * application server's key, and the service answers a {@code pushEndpoint} on its own HTTP side,
 * {@code /wpush/<channelID>}. A POST there is checked as autopush does (TTL, {@code aes128gcm},
 * at most 4,096 bytes, a VAPID JWT signed by the key the channel was registered with, {@code aud}
 * this service's origin), answered 201, and forwarded over the socket as a {@code notification}
 * whose {@code data} is the encrypted body, base64url: Firefox itself decrypts it and wakes the
 * service worker, then acks. After {@code unregister} the endpoint answers 410. Protocol as in
 * mozilla-services/autopush-rs ({@code autoconnect-common/src/protocol.rs}, {@code docs/}).
 */
public final class FakeMozillaPush implements AutoCloseable {
    /** RFC 8291 §4 and autopush's limit: a push message is at most 4,096 octets once encrypted. */
    public static final int MAX_BODY = 4096;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WPUSH = "/wpush/";

    /** What the service saw, in order: socket messages from Firefox and sends to an endpoint. */
    public record Event(String kind, JsonNode message) {}

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final String uaid = UUID.randomUUID().toString().replace("-", "");
    /** channelID → the application server key it was registered with (base64url, may be empty). */
    private final Map<String, String> channels = new ConcurrentHashMap<>();
    private final Map<String, Boolean> unregistered = new ConcurrentHashMap<>();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile Session socket;

    private FakeMozillaPush() {}

    public static FakeMozillaPush start() throws Exception {
        var push = new FakeMozillaPush();
        push.connector.setHost("127.0.0.1");
        push.connector.setPort(0);
        push.server.addConnector(push.connector);
        var sockets = WebSocketUpgradeHandler.from(push.server, container -> container.addMapping("/", (request, response, callback) -> {
            if (request.getSubProtocols().contains("push-notification")) {
                response.setAcceptedSubProtocol("push-notification");
            }
            return push.new Connection();
        }));
        sockets.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return push.send(request, response, callback);
            }
        });
        push.server.setHandler(sockets);
        push.server.start();
        return push;
    }

    /** The value for Firefox's {@code dom.push.serverURL}. */
    public String serverUrl() {
        return "ws://127.0.0.1:" + connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>/wpush/}: what the control plane must trust ({@code --push-allow-endpoint}). */
    public String prefix() {
        return origin() + WPUSH;
    }

    public String origin() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** The next event of this kind ({@code hello}, {@code register}, {@code ack}, {@code unregister}, {@code send}), waiting up to {@code seconds}. */
    public JsonNode next(String kind, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no " + kind + " within " + seconds + " s");
            }
            if (event.kind().equals(kind)) {
                return event.message();
            }
        }
    }

    /** One Firefox on the socket (public: Jetty calls its methods through method handles). */
    public final class Connection implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            socket = session;
        }

        @Override
        public void onWebSocketText(String text) {
            JsonNode message = JSON.readTree(text);
            String type = message.path("messageType").asString("ping");
            events.add(new Event(type, message));
            ObjectNode reply = JSON.createObjectNode().put("messageType", type);
            switch (type) {
                case "hello" -> reply.put("uaid", uaid).put("status", 200).put("use_webpush", true).putObject("broadcasts");
                case "register" -> {
                    String channel = message.path("channelID").asString();
                    channels.put(channel, message.path("key").asString(""));
                    unregistered.remove(channel);
                    reply.put("channelID", channel).put("status", 200).put("pushEndpoint", prefix() + channel);
                }
                case "unregister" -> {
                    String channel = message.path("channelID").asString();
                    unregistered.put(channel, true);
                    reply.put("channelID", channel).put("status", 200);
                }
                case "ack", "nack" -> {
                    return;
                }
                default -> {
                    session.sendText("{}", org.eclipse.jetty.websocket.api.Callback.NOOP);
                    return;
                }
            }
            session.sendText(reply.toString(), org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }

    /** The HTTP side: a send to {@code /wpush/<channelID>}. */
    private boolean send(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        if (!path.startsWith(WPUSH) || !"POST".equals(request.getMethod())) {
            return answer(response, callback, 404);
        }
        String channel = path.substring(WPUSH.length());
        byte[] body = readBounded(Content.Source.asInputStream(request));
        var headers = request.getHeaders();
        Optional<String> problem = body.length > MAX_BODY ? Optional.of("body over " + MAX_BODY + " bytes")
                : headers.get("TTL") == null ? Optional.of("no TTL")
                : !"aes128gcm".equals(headers.get(HttpHeader.CONTENT_ENCODING)) ? Optional.of("Content-Encoding is not aes128gcm")
                : VapidCheck.problem(headers.get(HttpHeader.AUTHORIZATION), origin(), Optional.ofNullable(channels.get(channel)).filter(k -> !k.isEmpty()));
        int status = unregistered.containsKey(channel) ? 410 : !channels.containsKey(channel) ? 404
                : problem.isPresent() ? (body.length > MAX_BODY ? 413 : problem.get().startsWith("VAPID") ? 401 : 400) : 201;
        ObjectNode record = JSON.createObjectNode().put("channelID", channel).put("status", status).put("problem", problem.orElse(""))
                .put("bytes", body.length).put("urgency", String.valueOf(headers.get("Urgency"))).put("ttl", String.valueOf(headers.get("TTL")));
        events.add(new Event("send", record));
        if (status == 201) {
            ObjectNode notification = JSON.createObjectNode().put("messageType", "notification").put("channelID", channel)
                    .put("version", UUID.randomUUID().toString()).put("data", Base64.getUrlEncoder().withoutPadding().encodeToString(body));
            notification.putObject("headers").put("encoding", "aes128gcm");
            Session open = socket;
            if (open != null && open.isOpen()) {
                open.sendText(notification.toString(), org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
            response.getHeaders().put(HttpHeader.LOCATION, origin() + "/m/" + notification.path("version").asString());
        }
        return answer(response, callback, status);
    }

    private static boolean answer(Response response, Callback callback, int status) {
        response.setStatus(status);
        callback.succeeded();
        return true;
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY * 4);
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return bytes;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
