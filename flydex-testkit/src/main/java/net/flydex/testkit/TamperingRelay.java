package net.flydex.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpField;
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

/**
 * A hostile control plane's relay, for tests: it sits where the server's relay sits between the
 * helper and the browsers, and can change anything on the way. The helper is told this proxy is
 * its server ({@code --server}, and local connect's {@code server}); HTTP requests pass through
 * to the real control plane unchanged, and each {@code /ws/agent} socket is joined to one of its
 * own on the real server. Every text frame either way goes through the installed {@link Tamper},
 * which may pass it, change it, hold it back, drop it or add frames of its own; {@link #inject}
 * sends a frame nobody sent. Pings from the server are passed on, so the helper's link stays up.
 * Frames of each direction stay in order unless the tamper reorders them.
 */
public final class TamperingRelay implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The relay's frames are at most 1 MiB; Jetty's default text limit is 64 KiB. */
    private static final int MAX_FRAME_CHARS = 2 * 1024 * 1024;
    /** The server pings every 20 s and the proxy passes pings on; this only bounds a dead socket. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Headers the JDK client sets itself or that describe this hop only. */
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "upgrade", "expect",
            "transfer-encoding", "keep-alive", "te", "trailer", "http2-settings");

    /** Which way a frame travels. */
    public enum Direction {
        /** From the control plane to the helper: rpcs, hellos, decisions, closes. */
        TO_HELPER,
        /** From the helper to the control plane: results, events, cards, pushes. */
        TO_SERVER
    }

    /** One frame as the proxy received it, before any tampering. */
    public record Frame(Direction direction, String text) {
        /** The frame as JSON; an empty object when it is not JSON (a proxy may inject anything). */
        public JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (RuntimeException notJson) {
                return JSON.createObjectNode();
            }
        }

        public String type() {
            return json().path("type").asString("");
        }
    }

    /** What to forward instead of a frame: the frame itself to pass it, nothing to drop it, several to add some. */
    @FunctionalInterface
    public interface Tamper {
        List<String> apply(Direction direction, String text);

        Tamper PASS = (direction, text) -> List.of(text);
    }

    private final URI upstream;
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Frame> seen = new CopyOnWriteArrayList<>();
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile Tamper tamper = Tamper.PASS;

    private TamperingRelay(URI upstream) {
        this.upstream = upstream;
    }

    /** A proxy in front of the control plane at {@code upstream} ({@code http://host:port}). */
    public static TamperingRelay start(URI upstream) throws Exception {
        var relay = new TamperingRelay(upstream);
        relay.connector.setHost("127.0.0.1");
        relay.connector.setPort(0);
        relay.server.addConnector(relay.connector);
        var sockets = WebSocketUpgradeHandler.from(relay.server, container -> {
            container.setMaxTextMessageSize(MAX_FRAME_CHARS);
            container.setIdleTimeout(IDLE_TIMEOUT);
            container.addMapping("/ws/agent", (request, response, callback) -> relay.new Link());
        });
        sockets.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return relay.passThrough(request, response, callback);
            }
        });
        relay.server.setHandler(sockets);
        relay.server.start();
        return relay;
    }

    /** {@code http://127.0.0.1:<port>}: the helper's server URL. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Installs the rule every later frame goes through ({@link Tamper#PASS} to stop tampering). */
    public void tamper(Tamper tamper) {
        this.tamper = tamper;
    }

    /** Sends a frame of the proxy's own on the newest helper socket, as if the other side had sent it. */
    public void inject(Direction direction, String text) {
        current().orElseThrow(() -> new IllegalStateException("no helper is connected")).forward(direction, List.of(text));
    }

    /** Every frame received so far, before tampering, in order. */
    public List<Frame> seen() {
        return List.copyOf(seen);
    }

    /** The first frame seen (also before this call) that matches, waiting up to {@code timeout}. */
    public Frame await(Direction direction, Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Frame> found = seen.stream().filter(f -> f.direction() == direction && match.test(f.json())).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the proxy saw no matching frame " + direction + " within " + timeout);
    }

    /**
     * A sealed text (base64url) with one bit flipped in its last byte - the AEAD tag's, so the
     * header still parses and only the tag check can catch it - re-encoded canonically.
     */
    public static String flipBit(String sealed) {
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(sealed);
        bytes[bytes.length - 1] ^= 0x01;
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Optional<Link> current() {
        return links.isEmpty() ? Optional.empty() : Optional.of(links.getLast());
    }

    /** Any HTTP request: sent on to the control plane as it came, its answer returned as it came. */
    private boolean passThrough(Request request, Response response, Callback callback) throws IOException, InterruptedException {
        byte[] body = Content.Source.asInputStream(request).readAllBytes();
        String query = request.getHttpURI().getQuery();
        URI target = upstream.resolve(Request.getPathInContext(request) + (query == null ? "" : "?" + query));
        HttpRequest.Builder forward = HttpRequest.newBuilder(target).method(request.getMethod(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (HttpField field : request.getHeaders()) {
            if (!HOP_HEADERS.contains(field.getLowerCaseName())) {
                forward.header(field.getName(), field.getValue());
            }
        }
        HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> response.getHeaders().add(name, value));
            }
        });
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }

    @Override
    public void close() throws Exception {
        links.forEach(Link::close);
        server.stop();
        http.close();
    }

    /**
     * One helper socket joined to one socket on the control plane. Each direction has its own
     * single thread, so frames leave in the order they were forwarded.
     */
    public final class Link implements Session.Listener.AutoDemanding, WebSocket.Listener {
        private final ExecutorService toHelper = Executors.newSingleThreadExecutor();
        private final ExecutorService toServer = Executors.newSingleThreadExecutor();
        private final StringBuilder partial = new StringBuilder();
        private volatile Session helper;
        private volatile WebSocket control;

        @Override
        public void onWebSocketOpen(Session session) {
            helper = session;
            links.add(this);
            URI socket = URI.create(upstream.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/ws/agent");
            // Frames the helper sends before the upstream socket is up wait in toServer's queue.
            toServer.submit(() -> {
                control = http.newWebSocketBuilder().buildAsync(socket, this).join();
            });
        }

        @Override
        public void onWebSocketText(String text) {
            seen.add(new Frame(Direction.TO_SERVER, text));
            forward(Direction.TO_SERVER, tamper.apply(Direction.TO_SERVER, text));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // The helper's socket broke (a test ended, the helper stopped): its close, or the upstream's, ends the link.
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            toServer.submit(() -> {
                if (control != null) {
                    control.sendClose(statusCode, reason == null ? "" : reason);
                }
            });
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                seen.add(new Frame(Direction.TO_HELPER, text));
                forward(Direction.TO_HELPER, tamper.apply(Direction.TO_HELPER, text));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message.duplicate()).flip();
            toHelper.submit(() -> helper.sendPing(copy, org.eclipse.jetty.websocket.api.Callback.NOOP));
            return WebSocket.Listener.super.onPing(ws, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            toHelper.submit(() -> helper.close(statusCode, reason, org.eclipse.jetty.websocket.api.Callback.NOOP));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            toHelper.submit(() -> helper.close(1011, "upstream failed", org.eclipse.jetty.websocket.api.Callback.NOOP));
        }

        void forward(Direction direction, List<String> frames) {
            if (direction == Direction.TO_HELPER) {
                toHelper.submit(() -> frames.forEach(text -> {
                    var sent = new org.eclipse.jetty.websocket.api.Callback.Completable();
                    helper.sendText(text, sent);
                    sent.join();
                }));
            } else {
                toServer.submit(() -> frames.forEach(text -> control.sendText(text, true).join()));
            }
        }

        void close() {
            Optional.ofNullable(control).ifPresent(WebSocket::abort);
            Optional.ofNullable(helper).ifPresent(Session::disconnect);
            toHelper.shutdownNow();
            toServer.shutdownNow();
        }
    }
}
