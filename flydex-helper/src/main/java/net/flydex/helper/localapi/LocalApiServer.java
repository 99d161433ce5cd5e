package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import net.flydex.protocol.Health;

/**
 * The helper's local HTTP API, listening on 127.0.0.1 only. Start it once, close it once.
 *
 * <p>Example: {@code new LocalApiServer(Limits.HELPER_PORT, Set.of("https://app.flydex.net"),
 * status::health, ConnectHandler.notImplemented(), new LocalControl(secret, stopper), LocalE2e.of(() -> e2e, revoked -> {}))}.
 */
public final class LocalApiServer implements AutoCloseable {
    private final int requestedPort;
    private final OriginPolicy originPolicy;
    private final List<Endpoint> endpoints;

    private Optional<HttpServer> bound = Optional.empty();
    private Optional<Running> running = Optional.empty();
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
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        this.requestedPort = port;
        this.originPolicy = new OriginPolicy(allowedOrigins);
        var secret = new ControlSecret(control.secret());
        this.endpoints = List.of(new HealthEndpoint(health), new ConnectEndpoint(connect), new StopEndpoint(control),
                new E2eOfferEndpoint(e2e), new E2eIntroduceEndpoint(e2e), new DevicesEndpoint(secret, e2e), new DeviceRevokeEndpoint(secret, e2e));
    }

    /**
     * Takes the port without answering yet (connections wait in the backlog until {@link #start}),
     * so a helper whose port is taken stops before it starts anything else.
     *
     * @throws BindException saying which port on 127.0.0.1 is in use
     */
    public synchronized void bind() throws IOException {
        if (bound.isEmpty()) {
            bound = Optional.of(bindPort());
        }
    }

    /** Binds (unless {@link #bind} did) and answers requests. */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("the local API server was already started");
        }
        bind();
        started = true;
        HttpServer server = bound.orElseThrow();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", new LocalApiHandler(new HostGuard(server.getAddress().getPort()), originPolicy, endpoints));
        server.start();
        running = Optional.of(new Running(server, executor));
    }

    /** The bound port: the requested one, or the one picked for port 0. */
    public synchronized int port() {
        return address().getPort();
    }

    public synchronized InetSocketAddress address() {
        return bound.orElseThrow(() -> new IllegalStateException("the local API server is not bound")).getAddress();
    }

    @Override
    public synchronized void close() {
        if (running.isPresent()) {
            running.get().stop();
        } else {
            bound.ifPresent(server -> server.stop(0));
        }
        running = Optional.empty();
        bound = Optional.empty();
    }

    private HttpServer bindPort() throws IOException {
        // 127.0.0.1 itself, not getLoopbackAddress(): with preferIPv6Addresses that is ::1, where
        // the web page (which calls 127.0.0.1) would not find the helper.
        InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        try {
            return HttpServer.create(new InetSocketAddress(loopback, requestedPort), 0);
        } catch (BindException e) {
            BindException clear = new BindException("Port " + requestedPort
                    + " on 127.0.0.1 is in use; is another FlyDex helper already running?");
            clear.initCause(e);
            throw clear;
        }
    }

    private record Running(HttpServer server, ExecutorService executor) {
        void stop() {
            server.stop(0);
            // Interrupt rather than wait: a connect handler stuck on the network must not hang shutdown.
            executor.shutdownNow();
        }
    }
}
