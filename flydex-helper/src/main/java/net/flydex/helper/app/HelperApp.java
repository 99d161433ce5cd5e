package net.flydex.helper.app;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import net.flydex.helper.HelperVersion;
import net.flydex.helper.bridge.BridgeEvent;
import net.flydex.helper.bridge.CodexBridge;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.helper.localapi.ConnectRequest;
import net.flydex.helper.localapi.ConnectResult;
import net.flydex.helper.localapi.LocalApiServer;
import net.flydex.helper.localapi.LocalControl;
import net.flydex.helper.localapi.LocalE2e;
import net.flydex.helper.localapi.LocalPort;
import net.flydex.helper.relay.RelayAgent;
import net.flydex.helper.relay.SealedPathWarmup;
import net.flydex.helper.relay.Uplink;
import net.flydex.helper.state.ControlFile;
import net.flydex.helper.state.HelperState;
import net.flydex.helper.state.StateLock;
import net.flydex.helper.uplink.AgentLink;
import net.flydex.helper.uplink.ConnectFlow;
import net.flydex.helper.uplink.LinkListener;
import net.flydex.helper.uplink.ServerUrls;
import net.flydex.protocol.BridgeState;
import net.flydex.protocol.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running helper: its durable state, the Codex bridge, the local API that reports on both,
 * and - once paired - the agent link to the control plane.
 */
public final class HelperApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HelperApp.class);
    /** Each thread's approval policy and sandbox, so a private app-server resumes it as it was (see ThreadSettings). */
    private static final String THREAD_SETTINGS_FILE = "threads.json";
    /**
     * How long the helper's own start waits for Codex's {@code initialize} answer at most: Codex alone
     * starts in 55-130 ms on a quiet machine and 200-550 ms on a loaded one (docs/benchmarks.md);
     * the full {@code /v1/health} answer waits this long at worst.
     */
    private static final Duration CODEX_FIRST = Duration.ofMillis(300);

    private final HelperConfig config;
    private final Supplier<MachineInfo> detectMachine;
    private final CodexBridge bridge;
    private final SealedPathWarmup warmup;
    private final Runnable onStopRequested;
    private volatile Optional<StateLock> stateLock = Optional.empty();
    private volatile Optional<LocalPort> boundPort = Optional.empty();
    private volatile Optional<ControlFile> control = Optional.empty();
    private volatile Optional<MachineInfo> machine = Optional.empty();
    private volatile Optional<HelperState> state = Optional.empty();
    private volatile Optional<LocalApiServer> localApi = Optional.empty();
    private volatile Optional<ConnectFlow> connect = Optional.empty();
    private volatile Optional<AgentLink> link = Optional.empty();
    private volatile Optional<RelayAgent> relay = Optional.empty();
    private volatile Optional<Aside> aside = Optional.empty();

    /**
     * What is made on threads of their own beside the state {@link #start} reads: the stop secret and the
     * machine's name ({@link #begin} sets them going), and the end-to-end key and devices ({@code start}
     * sets it going once the full answer is there, then joins it; the routes and the link that need it join it too).
     */
    private record Aside(CompletableFuture<HelperE2e> e2e, CompletableFuture<ControlFile> stopSecret,
            CompletableFuture<MachineInfo> machine) {}

    /**
     * Cheap: the slow parts of a start wait in {@link #start} until Codex is on its way ({@link #begin}).
     *
     * @param detectMachine this machine's name and platform, asked once while Codex starts (the name may take a resolver's answer)
     * @param onStopRequested what {@code flydex stop} (an authenticated {@code POST /v1/stop}) does to this process
     */
    public HelperApp(HelperConfig config, Supplier<MachineInfo> detectMachine, Runnable onStopRequested) {
        this.config = config;
        this.detectMachine = detectMachine;
        this.onStopRequested = onStopRequested;
        this.bridge = new CodexBridge(config.codex(), Optional.of(config.stateDir().resolve(THREAD_SETTINGS_FILE)), this::onBridgeEvent,
                Clock.systemUTC());
        this.warmup = new SealedPathWarmup(bridge::call);
    }

    /**
     * The first part of a start, as early as a process can do it: locks the state directory (one
     * helper per state directory), takes the local API's port and starts the bridge, which spawns
     * Codex (or begins connecting to the daemon) before this returns. A second helper for the same
     * state directory stops at the lock, before it spawns anything; in private mode the port is bound
     * beside the spawn (its first use of the JDK's sockets costs tens of milliseconds), so a second
     * helper on a taken port spawns a Codex it closes at once; in attach and auto mode the port comes
     * first, as the daemon is shared. From here on the local API answers {@code /v1/health} with
     * {@code 503 "starting"} (docs/api.md) and its other routes wait for {@link #start}.
     *
     * <p>Then the helper gives way: its own CPU-heavy start (the state's JSON and keys, the
     * end-to-end key, the stop secret, the machine's name) waits until Codex has answered
     * {@code initialize}, for at most {@link #CODEX_FIRST}, so Codex's start has the machine's cores
     * instead of sharing two with the helper's (docs/benchmarks.md, "Codex first").
     *
     * @throws BindException when the port is taken
     * @throws StateLock.HeldElsewhere when another helper uses the state directory
     */
    public void begin() throws IOException {
        stateLock = Optional.of(StateLock.acquire(config.stateDir()));
        LocalPort port = config.codex().mode() == CodexMode.PRIVATE ? bindBesideSpawn() : bindThenStart();
        var api = LocalApiServer.starting(port, config.allowedOrigins(), HelperVersion.get(), bridge::status);
        localApi = Optional.of(api);
        api.start();
        giveWayToCodex();
        // Beside the state, which start() reads on the calling thread: the stop secret's secure random seeds
        // itself (20-100 ms measured on the main thread), the machine's name may wait for a resolver (5-40 ms).
        // The end-to-end key is read once the full /v1/health answers (start()): nothing on the way there
        // needs it, and P-256's first use builds its tables (100 ms and more of one core; a fresh key is made too).
        aside = Optional.of(new Aside(new CompletableFuture<>(),
                aside("stop-secret", () -> ControlFile.forThisProcess(port.number(), HelperVersion.get())),
                aside("machine-name", detectMachine::get)));
    }

    private LocalPort bindThenStart() throws IOException {
        LocalPort port = LocalPort.bind(config.port());
        boundPort = Optional.of(port);
        bridge.start();
        return port;
    }

    /** The spawn on this thread, the port on another; a port that cannot be had closes the Codex just spawned. */
    private LocalPort bindBesideSpawn() throws IOException {
        CompletableFuture<LocalPort> binding = aside("bind-port", () -> LocalPort.bind(config.port()));
        bridge.start();
        try {
            LocalPort port = binding.join();
            boundPort = Optional.of(port);
            return port;
        } catch (CompletionException failed) {
            bridge.close();
            switch (failed.getCause()) {
                case IOException cannotBind -> throw cannotBind;
                case RuntimeException badPort -> throw badPort;
                default -> throw failed;
            }
        }
    }

    private void giveWayToCodex() {
        try {
            bridge.firstAttempt().get(CODEX_FIRST.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slowCodex) {
            // Codex is slow to start on this machine: the helper's start goes on beside it.
        } catch (ExecutionException never) {
            // firstAttempt never fails.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Work of the start begun on a platform thread of its own, so it overlaps with the rest: a
     * platform thread because it computes, and would hold a virtual thread's carrier.
     */
    private static <T> CompletableFuture<T> aside(String name, Callable<T> work) {
        return aside(name, work, new CompletableFuture<>());
    }

    /** {@link #aside(String, Callable)} completing {@code done}, made earlier for those who wait for it. */
    private static <T> CompletableFuture<T> aside(String name, Callable<T> work, CompletableFuture<T> done) {
        Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                done.complete(work.call());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * The end-to-end key and devices read aside, waiting for them if they are still being read; for
     * the routes and the link, which run only once {@link #start} has joined them (or while it waits).
     */
    private HelperE2e e2e() {
        return aside.orElseThrow().e2e().join();
    }

    /** What was made aside, or the failure as it was thrown (a damaged devices file stops the start). */
    private static <T> T joined(CompletableFuture<T> made) throws IOException {
        try {
            return made.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException unreadable) {
                throw unreadable;
            }
            throw e;
        }
    }

    /**
     * The rest of a start, after {@link #begin}, while Codex starts: the state, then (with the stop
     * secret and the machine's name made aside meanwhile) the local API's routes, the end-to-end key
     * joined, the control file the CLI stops it with, and the link to the server if this machine is paired.
     */
    public void start() throws IOException {
        LocalApiServer api = localApi.orElseThrow(() -> new IllegalStateException("begin() first"));
        Aside begun = aside.orElseThrow();
        HelperState opened = HelperState.open(config.stateDir());
        state = Optional.of(opened);
        ControlFile stopSecret = begun.stopSecret().join();
        control = Optional.of(stopSecret);
        MachineInfo detected = begun.machine().join();
        machine = Optional.of(detected);
        connect = Optional.of(new ConnectFlow(opened, allowedServers(), detected, HelperVersion.get(), bridge::status,
                () -> bridge.statusMessage().orElse(""), this::openLink));
        // /v1/health needs no end-to-end key: it answers in full now, and the key's routes wait for the key,
        // which is read from here on (so it does not share the cores with the way to the full answer).
        api.ready(this::health, this::connect, new LocalControl(stopSecret.secret(), onStopRequested),
                LocalE2e.of(this::e2e, deviceId -> relay.ifPresent(r -> r.deviceRevoked(deviceId))));
        aside("open-e2e", () -> HelperE2e.open(config.stateDir(), Clock.systemUTC()), begun.e2e());
        joined(begun.e2e());
        stopSecret.write(config.stateDir());
        opened.pairing().filter(p -> !p.revoked()).ifPresent(this::openLink);
        // Once Codex has answered and /v1/health answers in full, so neither waits for it: the sealed path
        // compiled before a person's first message instead of while it is answered (SealedPathWarmup).
        bridge.firstAttempt().thenRun(warmup::begin);
    }

    /** The local API's routes (but the starting health) answer only once the state is open, so the flow is there by then. */
    private ConnectResult connect(ConnectRequest request) {
        return connect.orElseThrow().connect(request);
    }

    public int port() {
        return localApi.orElseThrow().port();
    }

    public CodexBridge bridge() {
        return bridge;
    }

    /** Asked by the local API once the state is open; before, {@code /v1/health} gives its starting answer. */
    public Health health() {
        MachineInfo machine = this.machine.orElseThrow();
        Optional<HelperState.Pairing> pairing = state.flatMap(HelperState::pairing);
        boolean revoked = pairing.map(HelperState.Pairing::revoked).orElse(false);
        return new Health("ok", HelperVersion.get(), new Health.Helper(revoked ? "revoked" : "running"),
                new Health.Bridge(bridgeState(pairing)),
                new Health.Runtime(bridge.status(), bridge.codexVersion(), bridge.activeMode().map(CodexMode::wire),
                        bridge.statusMessage()),
                new Health.Machine(pairing.isPresent() && !revoked, machine.name(), machine.platform(),
                        state.map(s -> s.identity().fingerprint())));
    }

    @Override
    public void close() {
        link.ifPresent(AgentLink::close);
        relay.ifPresent(RelayAgent::close);
        localApi.ifPresent(LocalApiServer::close);
        boundPort.ifPresent(LocalPort::close); // If the start failed before the server took it over.
        control.ifPresent(c -> c.delete(config.stateDir()));
        bridge.close();
        stateLock.ifPresent(lock -> {
            try {
                lock.close();
            } catch (IOException alreadyGone) {
                // The process is ending; the OS drops the lock with it.
            }
        });
    }

    private BridgeState bridgeState(Optional<HelperState.Pairing> pairing) {
        if (pairing.isEmpty()) {
            return BridgeState.UNPAIRED;
        }
        return switch (link.map(AgentLink::state).orElse(AgentLink.State.OFFLINE)) {
            case CONNECTED -> BridgeState.CONNECTED;
            case CONNECTING -> BridgeState.CONNECTING;
            default -> BridgeState.OFFLINE;
        };
    }

    /** (Re)opens the agent link for a pairing; an earlier link is closed first. */
    private synchronized void openLink(HelperState.Pairing pairing) {
        link.ifPresent(AgentLink::close);
        HelperState current = state.orElseThrow();
        relay.ifPresent(RelayAgent::close);
        var relayAgent = new RelayAgent(pairing.machineId(), bridge, e2e(), new Uplink() {
            @Override
            public boolean send(String text) {
                return link.map(l -> l.send(text)).orElse(false);
            }

            @Override
            public boolean backedUp() {
                return link.map(AgentLink::backedUp).orElse(false);
            }
        }, Clock.systemUTC());
        var opened = new AgentLink(linkServers(URI.create(pairing.server())), pairing.machineId(), current.identity(), HelperVersion.get(),
                e2e().publicKey(), bridge::status, this::onRevoked, new LinkListener() {
                    @Override
                    public void onServerMessage(tools.jackson.databind.JsonNode message) {
                        relayAgent.onServerFrame(message);
                    }

                    @Override
                    public void onWelcome() {
                        relayAgent.onWelcome();
                    }

                    @Override
                    public void onDrained() {
                        relayAgent.onDrained();
                    }
                });
        relay = Optional.of(relayAgent);
        link = Optional.of(opened);
        opened.start();
    }

    private void onRevoked() {
        try {
            state.orElseThrow().revoked();
        } catch (IOException e) {
            log.warn("could not record the revocation: {}", e.getMessage());
        }
    }

    private Set<String> allowedServers() {
        var servers = new HashSet<>(config.allowedOrigins());
        config.servers().forEach(server -> servers.add(ServerUrls.origin(server)));
        return servers;
    }

    /**
     * The server the machine was paired through first, then the other configured nodes of the
     * same cluster, to fail over to when it is down.
     */
    private List<URI> linkServers(URI paired) {
        var servers = new LinkedHashSet<URI>();
        servers.add(paired);
        servers.addAll(config.servers());
        return List.copyOf(servers);
    }

    private void onBridgeEvent(BridgeEvent event) {
        if (event instanceof BridgeEvent.StatusChanged changed) {
            log.info("codex {}", changed.status().wire());
            link.ifPresent(l -> l.sendCodexStatus(changed.status()));
        }
        relay.ifPresent(r -> r.forward(event));
    }
}
