package net.flydex.helper.localapi;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The helper's local HTTP API, listening on 127.0.0.1 only. Start it once, close it once.
 *
 * <p>A small blocking server: one virtual thread accepts, one per connection serves it
 * ({@link HttpConnection}). The JDK's {@code com.sun.net.httpserver} server it replaces selects
 * with a fixed one-second timeout and runs a ten-second idle timer, so an idle helper woke about
 * 66 times a minute for it; parked virtual threads wake for nothing. Routes still see the JDK's
 * {@code HttpExchange} API ({@link LocalExchange}).
 *
 * <p>Example: {@code new LocalApiServer(Limits.HELPER_PORT, Set.of("https://app.flydex.net"),
 * status::health, ConnectHandler.notImplemented(), new LocalControl(secret, stopper), LocalE2e.of(() -> e2e, revoked -> {}))}.
 */
public final class LocalApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalApiServer.class);
    /** Connections served at once; more are closed on arrival. A browser opens at most six per host, the CLI one. */
    static final int MAX_CONNECTIONS = 32;

    private final int requestedPort;
    private final ConnectionTimes times;
    private final OriginPolicy originPolicy;
    private final Map<String, Endpoint> whileStarting;
    private final CompletableFuture<Map<String, Endpoint>> endpoints = new CompletableFuture<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> serving = ConcurrentHashMap.newKeySet();

    private Optional<LocalPort> bound;
    private Optional<Thread> acceptor = Optional.empty();
    private boolean started;

    /**
     * @param port the port to bind on 127.0.0.1; 0 picks a free one, see {@link #port()}
     * @param allowedOrigins the FlyDex web origins, for example {@code https://app.flydex.net}; matched exactly
     * @param health asked on every {@code GET /v1/health}
     * @param connect runs {@code POST /v1/connect} requests that passed every check
     * @param control the secret and action of {@code POST /v1/stop}, whose secret also guards {@code /v1/devices*}
     * @param e2e offers, introductions and the device list ({@code /v1/e2e/*}, {@code /v1/devices*})
     * @throws IllegalArgumentException for a port outside 0..65535 or an allowed origin of {@code *} or {@code null}
     */
    public LocalApiServer(int port, Set<String> allowedOrigins, Supplier<Health> health, ConnectHandler connect,
            LocalControl control, LocalE2e e2e) {
        this(port, ConnectionTimes.DEFAULT, allowedOrigins, health, connect, control, e2e);
    }

    /** On a port already taken ({@link LocalPort#bind}); closing the server frees it. */
    public LocalApiServer(LocalPort port, Set<String> allowedOrigins, Supplier<Health> health, ConnectHandler connect,
            LocalControl control, LocalE2e e2e) {
        this(port.number(), Optional.of(port), ConnectionTimes.DEFAULT, allowedOrigins, health, connect, control, e2e);
    }

    /** With other connection times: tests of the deadlines. */
    LocalApiServer(int port, ConnectionTimes times, Set<String> allowedOrigins, Supplier<Health> health, ConnectHandler connect,
            LocalControl control, LocalE2e e2e) {
        this(LocalPort.checked(port), Optional.empty(), times, allowedOrigins, health, connect, control, e2e);
    }

    private LocalApiServer(int port, Optional<LocalPort> bound, ConnectionTimes times, Set<String> allowedOrigins, Supplier<Health> health,
            ConnectHandler connect, LocalControl control, LocalE2e e2e) {
        this(port, bound, times, allowedOrigins, List.of());
        ready(health, connect, control, e2e);
    }

    private LocalApiServer(int port, Optional<LocalPort> bound, ConnectionTimes times, Set<String> allowedOrigins, List<Endpoint> whileStarting) {
        this.requestedPort = port;
        this.bound = bound;
        this.times = times;
        this.originPolicy = new OriginPolicy(allowedOrigins);
        this.whileStarting = LocalApiHandler.byPath(whileStarting);
    }

    /**
     * A server for a helper that is still starting: once {@link #start}ed, {@code /v1/health} answers
     * {@code 503 "starting"} with the version and Codex's status ({@link StartingHealthEndpoint}), and
     * every other request waits until {@link #ready} gives the routes. The helper's first answer
     * then comes as soon as the port is bound and Codex spawned, not after its state is read.
     */
    public static LocalApiServer starting(LocalPort port, Set<String> allowedOrigins, String version, Supplier<CodexStatus> codex) {
        return new LocalApiServer(port.number(), Optional.of(port), ConnectionTimes.DEFAULT, allowedOrigins,
                List.of(new StartingHealthEndpoint(version, codex)));
    }

    /**
     * The routes of a started helper; requests that waited for them are answered now.
     *
     * @throws IllegalStateException when the server has them already
     */
    public void ready(Supplier<Health> health, ConnectHandler connect, LocalControl control, LocalE2e e2e) {
        var secret = new ControlSecret(control.secret());
        boolean first = endpoints.complete(LocalApiHandler.byPath(List.of(new HealthEndpoint(health), new ConnectEndpoint(connect),
                new StopEndpoint(secret, control.stop()), new E2eOfferEndpoint(e2e), new E2eIntroduceEndpoint(e2e),
                new DevicesEndpoint(secret, e2e), new DeviceRevokeEndpoint(secret, e2e), new DeviceRenameEndpoint(secret, e2e))));
        if (!first && !endpoints.isCompletedExceptionally()) { // Closed meanwhile: nothing waits for the routes.
            throw new IllegalStateException("the local API server has its routes already");
        }
    }

    /**
     * Binds (unless it was given a bound {@link LocalPort}) and answers requests.
     *
     * @throws BindException saying which port on 127.0.0.1 is in use
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("the local API server was already started");
        }
        if (bound.isEmpty()) {
            bound = Optional.of(LocalPort.bind(requestedPort));
        }
        started = true;
        ServerSocket socket = bound.orElseThrow().socket();
        var handler = new LocalApiHandler(new HostGuard(socket.getLocalPort()), originPolicy, whileStarting, endpoints);
        acceptor = Optional.of(Thread.ofVirtual().name("local-api-accept").start(() -> accept(socket, handler)));
    }

    /** The bound port: the requested one, or the one picked for port 0. */
    public synchronized int port() {
        return address().getPort();
    }

    public synchronized InetSocketAddress address() {
        return bound.orElseThrow(() -> new IllegalStateException("the local API server is not bound")).address();
    }

    @Override
    public synchronized void close() {
        endpoints.completeExceptionally(new IllegalStateException("the local API server was closed before the helper started"));
        bound.ifPresent(LocalPort::close);
        acceptor.ifPresent(Thread::interrupt);
        // Interrupt rather than wait: a connect handler stuck on the network must not hang shutdown.
        open.forEach(LocalApiServer::closeQuietly);
        serving.forEach(Thread::interrupt);
        bound = Optional.empty();
        acceptor = Optional.empty();
    }

    private void accept(ServerSocket server, LocalApiHandler handler) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closedOrFailed) {
                if (!server.isClosed()) {
                    log.warn("the local API stopped accepting: {}", closedOrFailed.getMessage());
                }
                return;
            }
            if (open.size() >= MAX_CONNECTIONS) {
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            Thread.ofVirtual().name("local-api").start(() -> {
                serving.add(Thread.currentThread());
                try {
                    new HttpConnection(socket, handler, times).run();
                } finally {
                    open.remove(socket);
                    serving.remove(Thread.currentThread());
                }
            });
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception alreadyClosed) {
            // Closing is all that was wanted.
        }
    }
}
