package net.flydex.helper.uplink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.flydex.helper.bridge.Backoff;
import net.flydex.helper.state.MachineIdentity;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.WireJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The helper's {@code /ws/agent} connection, dialled out and kept up: answer the server's
 * challenge with a signature, then stay connected. Drops reconnect with jittered exponential
 * backoff (1 s to 30 s), each attempt to the next of the server URLs it was given (the nodes of
 * a cluster), so a dead node is left behind after one try; a single URL (one server, or a load
 * balancer) is simply retried. A refusal of the machine itself (4401: revoked or unknown) stops the
 * loop for good - a revoked machine must not knock forever - and so does being replaced by a
 * newer connection of the same machine.
 */
public final class AgentLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentLink.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration RETRY_CAP = Duration.ofSeconds(30);
    /** The server pings at least every 25 s; this much silence means the link is dead. */
    private static final Duration SILENCE_LIMIT = Duration.ofSeconds(75);
    /** Frames waiting for the network: a long turn's burst of deltas fits many times over. */
    private static final int OUTBOX_FRAMES = 8192;
    /** How often the sender looks again for the welcome; the handshake takes milliseconds. */
    private static final Duration WELCOME_WAIT_STEP = Duration.ofMillis(5);

    public enum State { CONNECTING, CONNECTED, OFFLINE, REVOKED, REPLACED }

    private final List<URI> servers;
    private final String machineId;
    private final MachineIdentity identity;
    private final String helperVersion;
    private final Supplier<CodexStatus> codexStatus;
    private final Runnable onRevoked;
    private final Consumer<JsonNode> onServerMessage;
    private final Backoff backoff = new Backoff(FIRST_RETRY, RETRY_CAP, new java.util.Random());
    private final HttpClient http = HttpClient.newHttpClient();

    private volatile State state = State.CONNECTING;
    private volatile Optional<WebSocket> socket = Optional.empty();
    private volatile boolean closed;
    private volatile Thread loop;
    private volatile Thread sender;
    /** Which of {@link #servers} the next attempt dials: kept after a welcome, moved on after a drop. */
    private int next;
    private final java.util.concurrent.BlockingQueue<String> outbox = new java.util.concurrent.ArrayBlockingQueue<>(OUTBOX_FRAMES);

    public AgentLink(List<URI> servers, String machineId, MachineIdentity identity, String helperVersion,
            Supplier<CodexStatus> codexStatus, Runnable onRevoked, Consumer<JsonNode> onServerMessage) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one server");
        }
        this.servers = servers.stream().map(ServerUrls::checked).toList();
        this.machineId = machineId;
        this.identity = identity;
        this.helperVersion = helperVersion;
        this.codexStatus = codexStatus;
        this.onRevoked = onRevoked;
        this.onServerMessage = onServerMessage;
    }

    public void start() {
        loop = Thread.ofVirtual().name("agent-link").start(this::run);
        sender = Thread.ofVirtual().name("agent-link-sender").start(this::drainOutbox);
    }

    public State state() {
        return state;
    }

    /** Tells the server Codex's state changed; dropped while disconnected (hello carries it). */
    public void sendCodexStatus(CodexStatus status) {
        send(WireJson.mapper().createObjectNode().put("type", "status").put("codexStatus", status.wire()).toString());
    }

    /**
     * Queues one frame for the server while a socket is up. The caller (often Codex's reader
     * thread) never waits on the network; a sender thread writes frames one at a time, as the JDK
     * WebSocket requires, and only after the welcome - so an answer to an rpc that arrived during
     * the handshake waits for it instead of being lost. Frames while disconnected are dropped:
     * browsers re-read state after a reconnect.
     */
    public void send(String text) {
        if ((state == State.CONNECTED || state == State.CONNECTING) && socket.isPresent() && !outbox.offer(text)) {
            log.warn("the link to FlyDex is backed up; a frame was dropped");
        }
    }

    private void drainOutbox() {
        try {
            while (!closed) {
                String text = outbox.take();
                while (state == State.CONNECTING && socket.isPresent()) {
                    Thread.sleep(WELCOME_WAIT_STEP);
                }
                socket.filter(s -> state == State.CONNECTED).ifPresent(s -> awaitSent(s.sendText(text, true)));
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitSent(CompletableFuture<WebSocket> sending) {
        try {
            sending.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("a frame to the FlyDex server was not sent: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.ifPresent(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "helper stopping"));
        for (Thread running : new Thread[] {loop, sender}) {
            if (running != null) {
                running.interrupt();
            }
        }
    }

    private void run() {
        while (!closed) {
            state = State.CONNECTING;
            var connection = new Connection(servers.get(next));
            int code = connection.runUntilClosed();
            if (code == AgentClose.UNAUTHORIZED) {
                state = State.REVOKED;
                log.warn("the FlyDex server refused this machine; it was removed from its account. Pair again to reconnect.");
                onRevoked.run();
                return;
            }
            if (code == AgentClose.REPLACED) {
                state = State.REPLACED;
                log.warn("another helper connected as this machine; this one stops its link");
                return;
            }
            state = State.OFFLINE;
            next = (next + 1) % servers.size();
            if (closed || !backoff.pause()) {
                return;
            }
        }
    }

    /** One socket's life: its frames, its close code. Stale sockets cannot touch the next one. */
    private final class Connection implements WebSocket.Listener {
        private final URI server;
        private final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile Instant lastHeard = Instant.now();

        Connection(URI server) {
            this.server = server;
        }

        int runUntilClosed() {
            WebSocket ws;
            try {
                ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(ServerUrls.agentSocket(server), this).get(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return WebSocket.NORMAL_CLOSURE;
            } catch (Exception unreachable) {
                log.info("FlyDex server {} unreachable; retrying", ServerUrls.origin(server));
                return -1;
            }
            socket = Optional.of(ws);
            try {
                while (!closedWith.isDone()) {
                    try {
                        return closedWith.get(5, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException stillOpen) {
                        if (Duration.between(lastHeard, Instant.now()).compareTo(SILENCE_LIMIT) > 0) {
                            ws.abort();
                            return -1;
                        }
                    }
                }
                return closedWith.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ws.abort();
                return WebSocket.NORMAL_CLOSURE;
            } catch (java.util.concurrent.ExecutionException e) {
                return -1;
            } finally {
                socket = Optional.empty();
                outbox.clear(); // What was queued for this socket means nothing on the next one.
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            lastHeard = Instant.now();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(ws, text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
            lastHeard = Instant.now();
            return WebSocket.Listener.super.onPing(ws, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closedWith.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closedWith.complete(-1);
        }

        private void handle(WebSocket ws, String text) {
            JsonNode message;
            try {
                message = WireJson.mapper().readTree(text);
            } catch (JacksonException malformed) {
                return;
            }
            switch (message.path("type").asString("")) {
                case "challenge" -> awaitSent(ws.sendText(WireJson.mapper().createObjectNode().put("type", "hello")
                        .put("machineId", machineId)
                        .put("signature", identity.signChallenge(machineId, message.path("nonce").asString("")))
                        .put("helperVersion", helperVersion)
                        .put("codexStatus", codexStatus.get().wire()).toString(), true));
                case "welcome" -> {
                    state = State.CONNECTED;
                    backoff.reset();
                    log.info("connected to FlyDex {} as machine {}", ServerUrls.origin(server), machineId);
                }
                default -> onServerMessage.accept(message);
            }
        }
    }
}
