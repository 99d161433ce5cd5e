package net.flydex.helper.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import net.flydex.helper.approvals.Answer;
import net.flydex.helper.approvals.ApprovalRequests;
import net.flydex.helper.approvals.PendingApprovals;
import net.flydex.helper.codex.CodexConfig;
import net.flydex.helper.codex.CodexLauncher;
import net.flydex.helper.codex.CodexMissingException;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.codex.CodexSession;
import net.flydex.helper.codex.DaemonUnavailableException;
import net.flydex.helper.codex.JsonRpcConnection;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.Approval;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.Decision;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.Limits;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.WireJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The helper's one way to Codex. It keeps a session alive (restarting or re-attaching with
 * backoff), answers {@link #call} for the methods in {@link RpcMethods#ALLOWED}, and reports
 * everything that happens as {@link BridgeEvent}s.
 *
 * <p>Logs name methods, states and ids only: prompts, output and diffs never reach a log.
 */
public final class CodexBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CodexBridge.class);
    /** A session that lived this long was healthy, so the next failure starts backoff afresh. */
    private static final Duration STABLE_SESSION = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    /** Items kept for their file-change diffs until their approval arrives; more means a leak. */
    private static final int STARTED_ITEMS_KEPT = 256;

    private final CodexConfig config;
    private final CodexLauncher launcher;
    private final Consumer<BridgeEvent> events;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("codex-bridge-timer").factory());
    private final Backoff backoff = new Backoff(FIRST_RETRY, Limits.CODEX_RESTART_BACKOFF_CAP, new java.util.Random());
    private final ThreadSubscriptions threads = new ThreadSubscriptions();
    private final ThreadSettings settings;
    private final Map<String, JsonNode> startedItems = new ConcurrentHashMap<>();
    private final PendingApprovals approvals;
    private final Object statusLock = new Object();

    private volatile Optional<CodexSession> session = Optional.empty();
    private volatile CodexStatus status = CodexStatus.STARTING;
    private volatile Optional<String> statusMessage = Optional.empty();
    private volatile Optional<String> codexVersion = Optional.empty();
    private volatile boolean closed;
    private volatile Thread supervisor;
    /** Done once the first attempt at a session has ended, ready or not (see {@link #firstAttempt}). */
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

    public CodexBridge(CodexConfig config, Consumer<BridgeEvent> events, Clock clock) {
        this(config, Optional.empty(), events, clock);
    }

    /** @param settingsFile where each thread's approval policy and sandbox survive a helper restart */
    public CodexBridge(CodexConfig config, Optional<Path> settingsFile, Consumer<BridgeEvent> events, Clock clock) {
        this.config = config;
        this.settings = new ThreadSettings(settingsFile);
        this.launcher = new CodexLauncher(config);
        this.events = events;
        this.clock = clock;
        this.approvals = new PendingApprovals(this::answerCodex, this::soleClient,
                resolution -> events.accept(new BridgeEvent.ApprovalResolved(resolution)), scheduler, clock);
    }

    /**
     * Starts connecting; {@link #status()} tells how it goes. A private app-server is spawned on
     * this thread, before this returns, so whatever the caller does next runs while Codex starts;
     * the rest - the remembered thread settings read, Codex initialized - happens on the bridge's
     * own thread. The daemon (attach and auto mode) is connected to on that thread from the start:
     * its WebSocket client's first use takes tens of milliseconds, which the caller need not wait.
     */
    public void start() {
        Optional<CodexLauncher.Spawned> spawned = config.mode() == CodexMode.PRIVATE ? spawnNow() : Optional.empty();
        if (spawned.isEmpty()) {
            // Nothing of ours is starting: no Codex to give way to (attach and auto mode, or Codex missing).
            firstAttempt.complete(null);
        }
        supervisor = Thread.ofVirtual().name("codex-bridge").start(() -> supervise(spawned));
    }

    /**
     * Completes when the private app-server {@link #start} spawned has answered {@code initialize}
     * (or failed to), at once when {@link #start} spawned none; never exceptionally. A caller may
     * hold back its own CPU-heavy work until then, so that Codex has the machine's cores.
     */
    public CompletableFuture<Void> firstAttempt() {
        return firstAttempt;
    }

    public CodexStatus status() {
        return status;
    }

    public Optional<String> statusMessage() {
        return statusMessage;
    }

    public Optional<String> codexVersion() {
        return codexVersion;
    }

    /** The mode of the live session, if any (AUTO resolves to ATTACH or PRIVATE). */
    public Optional<CodexMode> activeMode() {
        return session.map(CodexSession::mode);
    }

    /** The private app-server's pid, for diagnostics and fault tests. */
    public Optional<Long> privatePid() {
        return session.flatMap(CodexSession::pid);
    }

    /**
     * Runs one browser rpc. Fails with an {@link RpcException}: {@code method_not_allowed} for
     * anything outside the allow-list (it never reaches Codex), {@code bad_request},
     * {@code codex_unavailable}, {@code codex_timeout} or {@code codex_error}.
     */
    public CompletableFuture<JsonNode> call(String method, JsonNode params) {
        try {
            if (!RpcMethods.isAllowed(method)) {
                throw new RpcException(ErrorCode.METHOD_NOT_ALLOWED, "FlyDex does not allow " + printable(method));
            }
            JsonNode given = params == null || params.isNull() || params.isMissingNode()
                    ? WireJson.mapper().createObjectNode() : params;
            return switch (method) {
                case RpcMethods.APPROVALS_LIST -> CompletableFuture.completedFuture(approvalList());
                case RpcMethods.APPROVAL_RESPOND -> respond(given);
                default -> forward(method, given);
            };
        } catch (RpcException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The approvals waiting for a person now, oldest first: what a new sealed session is sent first. */
    public List<Approval> pendingApprovals() {
        return approvals.pending();
    }

    @Override
    public void close() {
        closed = true;
        Thread running = supervisor;
        if (running != null) {
            running.interrupt();
        }
        session.ifPresent(s -> s.rpc().close());
        scheduler.shutdownNow();
    }

    private JsonNode approvalList() {
        ObjectNode result = WireJson.mapper().createObjectNode();
        result.set("approvals", WireJson.mapper().valueToTree(pendingApprovals()));
        return result;
    }

    private CompletableFuture<JsonNode> respond(JsonNode params) {
        String approvalId = requiredText(params, "approvalId");
        String key = requiredText(params, "idempotencyKey");
        if (key.length() > 200) {
            throw new RpcException(ErrorCode.BAD_REQUEST, "idempotencyKey is too long");
        }
        JsonNode answers = params.path("answers");
        Decision decision = answers.isObject() && !params.has("decision")
                ? Decision.ANSWERED
                : Decision.fromWire(params.path("decision").asString(""))
                        .orElseThrow(() -> new RpcException(ErrorCode.BAD_REQUEST,
                                "decision must be accept, acceptForSession, decline or cancel"));
        var answer = new Answer(decision, answers.isObject() ? Optional.of(answers) : Optional.empty());
        return approvals.respond(approvalId, answer, key)
                .orTimeout(config.requestTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(resolution -> WireJson.mapper().valueToTree(resolution));
    }

    private CompletableFuture<JsonNode> forward(String method, JsonNode params) {
        CodexSession live = session.filter(s -> status == CodexStatus.READY)
                .orElseThrow(() -> new RpcException(ErrorCode.CODEX_UNAVAILABLE,
                        "Codex is " + status.wire() + statusMessage.map(m -> ": " + m).orElse("")));
        ObjectNode checked = ParamPolicy.apply(method, params, live.mode());
        if (method.equals(RpcMethods.THREAD_RESUME) && live.mode() == CodexMode.PRIVATE) {
            settings.addTo(checked.path("threadId").asString(""), checked);
        }
        return live.rpc().request(method, checked).thenApply(result -> {
            observe(method, result);
            return result;
        });
    }

    /** Threads started or resumed through us are subscribed; their settings are remembered. */
    private void observe(String method, JsonNode result) {
        if (method.equals(RpcMethods.THREAD_START) || method.equals(RpcMethods.THREAD_RESUME)) {
            String threadId = result.path("thread").path("id").asString("");
            if (!threadId.isEmpty()) {
                threads.subscribed(threadId);
                if (settings.remember(threadId, result) && !closed) {
                    scheduler.execute(settings::save); // Off the transport's reader thread, which must not block.
                }
            }
        }
    }

    /** Empty when it failed: the supervisor's first attempt then repeats it the usual way, and reports why. */
    private Optional<CodexLauncher.Spawned> spawnNow() {
        try {
            return Optional.of(launcher.spawn(new Inbound()));
        } catch (IOException | CodexMissingException notNow) {
            return Optional.empty();
        }
    }

    /** @param spawned a private app-server {@link #start} spawned, for the first attempt */
    private void supervise(Optional<CodexLauncher.Spawned> spawned) {
        settings.load(); // Before any session: resubscribing and thread/resume use them.
        Optional<CodexLauncher.Spawned> unused = spawned;
        while (!closed) {
            Optional<CodexLauncher.Spawned> first = unused;
            unused = Optional.empty();
            try {
                CodexSession live = open(first);
                Instant startedAt = clock.instant();
                session = Optional.of(live);
                codexVersion = Optional.of(live.codexVersion());
                log.info("codex ready: mode={} version={}", live.mode().wire(), live.codexVersion());
                setStatus(CodexStatus.READY, Optional.empty());
                firstAttempt.complete(null);
                resubscribe(live);
                String reason = live.rpc().closed().get();
                session = Optional.empty();
                threads.connectionLost();
                approvals.onCodexGone();
                if (Duration.between(startedAt, clock.instant()).compareTo(STABLE_SESSION) > 0) {
                    backoff.reset();
                }
                if (!closed) {
                    log.warn("codex connection lost: {}", reason);
                    setStatus(CodexStatus.ERROR, Optional.of(reason));
                }
            } catch (CodexMissingException e) {
                setStatus(CodexStatus.MISSING, Optional.of(e.getMessage()));
            } catch (IOException e) {
                log.warn("codex unavailable: {}", e.getMessage());
                setStatus(CodexStatus.ERROR, Optional.of(e.getMessage()));
            } catch (InterruptedException | ExecutionException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!backoff.pause()) {
                return;
            }
        }
        unused.ifPresent(process -> process.rpc().close()); // Closed before the first attempt took it.
        firstAttempt.complete(null);
    }

    /** A session, or why not; a failed first attempt ends {@link #firstAttempt} (a ready one ends it once the status says so). */
    private CodexSession open(Optional<CodexLauncher.Spawned> spawned) throws IOException, CodexMissingException {
        try {
            return spawned.isPresent() ? launcher.initialize(spawned.get()) : connect();
        } catch (IOException | CodexMissingException | RuntimeException failed) {
            firstAttempt.complete(null);
            throw failed;
        }
    }

    private CodexSession connect() throws IOException, CodexMissingException {
        launcher.resolveBinary(); // Stays "missing", without flapping, until Codex is installed.
        setStatus(CodexStatus.STARTING, Optional.empty());
        var handler = new Inbound();
        return switch (config.mode()) {
            case ATTACH -> launcher.attach(handler);
            case PRIVATE -> launcher.spawnPrivate(handler);
            case AUTO -> {
                try {
                    yield launcher.attach(handler);
                } catch (DaemonUnavailableException noDaemonHere) {
                    log.info("the Codex daemon cannot run here; using a private app-server");
                    yield launcher.spawnPrivate(handler);
                }
            }
        };
    }

    /**
     * On a fresh connection, subscribe again: in attach mode to every thread loaded in the daemon
     * (the person's live sessions), and in both modes to the threads we followed before.
     */
    private void resubscribe(CodexSession live) {
        var wanted = new java.util.HashSet<>(threads.subscribed());
        if (live.mode() == CodexMode.ATTACH) {
            try {
                live.rpc().request("thread/loaded/list", WireJson.mapper().createObjectNode()).get()
                        .path("data").forEach(id -> wanted.add(id.asString("")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                log.warn("could not list loaded threads: {}", RpcException.of(e).getMessage());
            }
        }
        wanted.forEach(threadId -> subscribe(live, threadId));
    }

    private void subscribe(CodexSession live, String threadId) {
        if (threadId.isEmpty()) {
            return;
        }
        ObjectNode params = WireJson.mapper().createObjectNode().put("threadId", threadId).put("excludeTurns", true);
        if (live.mode() == CodexMode.PRIVATE) {
            settings.addTo(threadId, params);
        }
        live.rpc().request(RpcMethods.THREAD_RESUME, params).whenComplete((result, failure) -> {
            if (failure == null) {
                threads.subscribed(threadId);
            } else if (RpcException.of(failure).getMessage().contains("no rollout found")) {
                threads.awaitRollout(threadId);
            } else {
                log.debug("could not subscribe to thread {}: {}", threadId, RpcException.of(failure).getMessage());
            }
        });
    }

    private boolean answerCodex(JsonNode requestId, JsonNode result) {
        return session.map(s -> s.rpc().respond(requestId, result)).orElse(false);
    }

    private boolean soleClient() {
        return session.map(s -> s.mode() == CodexMode.PRIVATE).orElse(false);
    }

    private void setStatus(CodexStatus next, Optional<String> message) {
        synchronized (statusLock) {
            if (status == next && statusMessage.equals(message)) {
                return;
            }
            status = next;
            statusMessage = message;
        }
        events.accept(new BridgeEvent.StatusChanged(next, message));
    }

    private static String requiredText(JsonNode params, String field) {
        JsonNode value = params.path(field);
        if (!value.isString() || value.asString().isBlank()) {
            throw new RpcException(ErrorCode.BAD_REQUEST, field + " is required and must be a string");
        }
        return value.asString();
    }

    /** Method names come from browsers: keep an error message short and free of control chars. */
    private static String printable(String method) {
        String clean = method.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }

    /** Codex traffic, on the transport's reader thread: must never block. */
    private final class Inbound implements JsonRpcConnection.Handler {
        @Override
        public void onNotification(String method, JsonNode params) {
            String threadId = params.path("threadId").asString("");
            switch (method) {
                case "serverRequest/resolved" -> approvals.onRequestResolved(params.path("requestId"));
                case "item/started" -> rememberItem(threadId, params.path("item"));
                case "item/completed" -> {
                    JsonNode item = params.path("item");
                    startedItems.remove(threadId + "/" + item.path("id").asString(""));
                    approvals.onItemCompleted(threadId, item.path("id").asString(""), item.path("status").asString(""));
                }
                case "item/commandExecution/outputDelta" -> approvals.onItemOutput(threadId, params.path("itemId").asString(""));
                case "turn/completed" -> approvals.onTurnCompleted(threadId, params.path("turn").path("id").asString(""));
                case "thread/started" -> onThreadStarted(params.path("thread"));
                case "thread/status/changed" -> onThreadStatus(threadId, params.path("status"));
                default -> { }
            }
            events.accept(new BridgeEvent.CodexNotification(method, params));
        }

        @Override
        public void onServerRequest(JsonNode id, String method, JsonNode params) {
            Optional<JsonNode> item = Optional.ofNullable(
                    startedItems.get(params.path("threadId").asString("") + "/" + params.path("itemId").asString("")));
            if (ApprovalRequests.METHODS.contains(method)) {
                approvals.onServerRequest(id, method, params, item)
                        .ifPresent(approval -> events.accept(new BridgeEvent.ApprovalRequested(approval)));
            } else if (soleClient()) {
                // Nobody else can answer it; in attach mode the person's own client may.
                session.ifPresent(s -> s.rpc().respondError(id, -32601, "FlyDex cannot answer " + method));
            }
        }

        @Override
        public void onClosed(String reason) {
            // The supervisor waits on the connection's closed() future and handles it.
        }

        private void rememberItem(String threadId, JsonNode item) {
            if (item.path("type").asString("").equals("fileChange") && startedItems.size() < STARTED_ITEMS_KEPT) {
                startedItems.put(threadId + "/" + item.path("id").asString(""), item);
            }
        }

        /** In attach mode, follow every new thread the person starts at the desk. */
        private void onThreadStarted(JsonNode thread) {
            String threadId = thread.path("id").asString("");
            boolean ephemeral = thread.path("ephemeral").asBoolean(false);
            if (ephemeral || threads.isSubscribed(threadId)) {
                return;
            }
            session.filter(s -> s.mode() == CodexMode.ATTACH).ifPresent(s -> subscribe(s, threadId));
        }

        private void onThreadStatus(String threadId, JsonNode status) {
            if (status.path("type").asString("").equals("active") && threads.takeAwaiting(threadId)) {
                session.ifPresent(s -> subscribe(s, threadId));
            }
        }
    }
}
