package net.flydex.bench;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The floors the relay is compared with, on the server's own stack (Javalin on Jetty's pool of
 * platform threads, as {@code FlydexServer} configures it), bound to 127.0.0.1 only:
 *
 * <ul>
 *   <li>{@link #echo}: a WebSocket that sends every text frame straight back (one hop);
 *   <li>{@link #forward}: the relay's shape with no FlyDex code in it (two hops). A JDK WebSocket
 *       client dials {@code /upstream} as a helper dials {@code /ws/agent} and sends back every
 *       frame it gets; a frame on {@code /forward} is passed to it, and its answer passed back;
 *   <li>{@link #bareEcho} and {@link #bareForward}: the same two shapes with every layer between
 *       socket and routing taken away ({@link BareWebSocket}: frames handled on Jetty's selector
 *       thread; {@link BlockingEchoClient} as the far end): what a hop could cost here at best.
 * </ul>
 */
final class EchoServer implements AutoCloseable {
    final URI echo;
    final URI forward;
    final URI bareEcho;
    final URI bareForward;
    private final Javalin app;
    private final HttpClient upstreamHttp;
    private final WebSocket upstream;
    private final BlockingEchoClient bareUpstream;

    private EchoServer(String base, Javalin app, HttpClient upstreamHttp, WebSocket upstream, BlockingEchoClient bareUpstream) {
        this.echo = URI.create(base + "/echo");
        this.forward = URI.create(base + "/forward");
        this.bareEcho = URI.create(base + "/bare/echo");
        this.bareForward = URI.create(base + "/bare/forward");
        this.app = app;
        this.upstreamHttp = upstreamHttp;
        this.upstream = upstream;
        this.bareUpstream = bareUpstream;
    }

    static EchoServer start() {
        int port = FreePort.loopback();
        var upstreamSide = new AtomicReference<WsContext>();
        var browserSide = new AtomicReference<WsContext>();
        var bare = new BareWebSocket();
        var bareUpstreamSide = new AtomicReference<BareWebSocket.Socket>();
        var bareBrowserSide = new AtomicReference<BareWebSocket.Socket>();
        bare.route("/bare/echo", socket -> { }, BareWebSocket.Socket::send);
        bare.route("/bare/upstream", bareUpstreamSide::set, (socket, text) -> bareBrowserSide.get().send(text));
        bare.route("/bare/forward", bareBrowserSide::set, (socket, text) -> bareUpstreamSide.get().send(text));
        Javalin app = Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = false;
            javalin.startup.showJavalinBanner = false;
            javalin.jetty.modifyServletContextHandler(context -> context.insertHandler(bare));
            // The same send the relay uses towards a helper (AgentSocket: WsContext.send).
            javalin.routes.ws("/echo", ws -> ws.onMessage(ctx -> ctx.send(ctx.message())));
            javalin.routes.ws("/upstream", ws -> {
                ws.onConnect(upstreamSide::set);
                ws.onMessage(ctx -> browserSide.get().send(ctx.message()));
            });
            javalin.routes.ws("/forward", ws -> {
                ws.onConnect(browserSide::set);
                ws.onMessage(ctx -> upstreamSide.get().send(ctx.message()));
            });
        });
        app.start("127.0.0.1", port);
        String base = "ws://127.0.0.1:" + port;
        // As the helper's link does (AgentLink): frames handled on the client's selector thread, no pool hand-off.
        var http = HttpClient.newBuilder().executor(Runnable::run).build();
        WebSocket upstream = http.newWebSocketBuilder().buildAsync(URI.create(base + "/upstream"), new Echoer()).join();
        var bareUpstream = BlockingEchoClient.dial(URI.create(base + "/bare/upstream"));
        return new EchoServer(base, app, http, upstream, bareUpstream);
    }

    @Override
    public void close() {
        bareUpstream.close();
        upstream.abort();
        upstreamHttp.shutdownNow();
        app.stop();
    }

    /** The far end of {@link #forward}: sends every text frame back, one send at a time as the JDK socket requires. */
    private static final class Echoer implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                sending = sending.thenCompose(ignored -> ws.sendText(text, true));
            }
            ws.request(1);
            return null;
        }
    }
}
