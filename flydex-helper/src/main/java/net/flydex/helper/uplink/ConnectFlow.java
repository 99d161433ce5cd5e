package net.flydex.helper.uplink;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.flydex.helper.app.MachineInfo;
import net.flydex.helper.localapi.ConnectHandler;
import net.flydex.helper.localapi.ConnectRequest;
import net.flydex.helper.localapi.ConnectResult;
import net.flydex.helper.state.HelperState;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/connect}: the desktop browser hands over a one-time connect token, and the
 * helper registers its key, reports each local-connect status in order, waits for the browser to
 * finalize (it compares key fingerprints), opens /ws/agent, and reports Codex ready.
 *
 * <p>The HTTP answer is immediate (202); the steps run in the background and the browser follows
 * them through the local-connect session on the server.
 */
public final class ConnectFlow implements ConnectHandler {
    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);
    /** The server gives a local-connect session 10 minutes; waiting longer is pointless. */
    private static final Duration FINALIZE_WAIT = Duration.ofMinutes(10);
    /** The browser usually finalizes within a second of registration: ask often at first... */
    private static final Duration FINALIZE_POLL_FAST = Duration.ofMillis(150);
    private static final Duration FAST_POLL_WINDOW = Duration.ofSeconds(30);
    /** ...then at a pace that costs the server little while a person reads the page. */
    private static final Duration FINALIZE_POLL = Duration.ofSeconds(1);
    /** Codex start (a daemon start copies its package) can take a while on a slow disk. */
    private static final Duration CODEX_WAIT = Duration.ofMinutes(3);

    private final HelperState state;
    private final Set<String> allowedServers;
    private final MachineInfo machine;
    private final String helperVersion;
    private final Supplier<CodexStatus> codexStatus;
    private final Supplier<String> codexProblem;
    private final Consumer<HelperState.Pairing> onPaired;
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param allowedServers origins of the servers this helper may pair with
     * @param onPaired opens the agent link once the browser finalized
     */
    public ConnectFlow(HelperState state, Set<String> allowedServers, MachineInfo machine, String helperVersion,
            Supplier<CodexStatus> codexStatus, Supplier<String> codexProblem, Consumer<HelperState.Pairing> onPaired) {
        this.state = state;
        this.allowedServers = Set.copyOf(allowedServers);
        this.machine = machine;
        this.helperVersion = helperVersion;
        this.codexStatus = codexStatus;
        this.codexProblem = codexProblem;
        this.onPaired = onPaired;
    }

    @Override
    public ConnectResult connect(ConnectRequest request) {
        URI server;
        try {
            server = ServerUrls.checked(URI.create(request.server()));
        } catch (IllegalArgumentException e) {
            return new ConnectResult.Failed(400, ErrorCode.BAD_REQUEST, e.getMessage());
        }
        if (!allowedServers.contains(ServerUrls.origin(server))) {
            return new ConnectResult.Failed(403, ErrorCode.BAD_ORIGIN, "this helper only pairs with " + allowedServers);
        }
        if (!running.compareAndSet(false, true)) {
            return new ConnectResult.Failed(409, ErrorCode.CONFLICT, "a connection is already in progress");
        }
        Thread.ofVirtual().name("connect-flow").start(() -> {
            try (var client = new ControlPlaneClient(server)) {
                run(client, server, request);
            } finally {
                running.set(false);
            }
        });
        return new ConnectResult.Accepted("connecting");
    }

    /** Runs the steps; also used by {@code flydex pair}, which has no browser in between. */
    public void run(ControlPlaneClient client, URI server, ConnectRequest request) {
        String id = request.localConnectId();
        String token = request.connectToken();
        try {
            client.agentStatus(id, token, "connecting", "");
            String machineId = client.register(token, state.identity().publicKeyBase64(), machine.name(), machine.platform(),
                    helperVersion);
            state.paired(machineId, server.toString());
            client.agentStatus(id, token, "registered", "");
            if (!awaitFinalized(client, id, token)) {
                log.warn("the browser did not confirm this machine in time; connect again from the FlyDex page");
                return;
            }
            onPaired.accept(state.pairing().orElseThrow());
            client.agentStatus(id, token, "codex_starting", "");
            CodexStatus codex = awaitCodex();
            switch (codex) {
                case READY -> client.agentStatus(id, token, "codex_ready", "");
                case MISSING -> client.agentStatus(id, token, "codex_missing", codexProblem.get());
                default -> client.agentStatus(id, token, "error", "Codex did not start: " + codexProblem.get());
            }
        } catch (IOException e) {
            log.warn("connecting to FlyDex failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitFinalized(ControlPlaneClient client, String id, String token) throws IOException, InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(FINALIZE_WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (client.agentStatus(id, token, "awaiting_browser_finalize", "")) {
                return true;
            }
            boolean early = Instant.now().isBefore(start.plus(FAST_POLL_WINDOW));
            Thread.sleep(early ? FINALIZE_POLL_FAST : FINALIZE_POLL);
        }
        return false;
    }

    private CodexStatus awaitCodex() throws InterruptedException {
        Instant deadline = Instant.now().plus(CODEX_WAIT);
        CodexStatus status = codexStatus.get();
        while (status == CodexStatus.STARTING && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = codexStatus.get();
        }
        return status;
    }
}
