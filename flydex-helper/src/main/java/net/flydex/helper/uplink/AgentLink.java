package net.flydex.helper.uplink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.flydex.helper.bridge.Backoff;
import net.flydex.helper.state.MachineIdentity;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    /**
     * Frames waiting beyond this mean the network is not keeping up: two events' worth of sealed
     * copies for every session the helper may hold. The relay then merges deltas before sealing.
     */
    static final int BACKED_UP_FRAMES = 2 * SealedFrames.MAX_SESSIONS;

    public enum State { CONNECTING, CONNECTED, OFFLINE, REVOKED, REPLACED }

    private final List<URI> servers;
    private final String machineId;
    private final Greeting greeting;
    private final String e2eKey;
    private final Supplier<CodexStatus> codexStatus;
    private final Runnable onRevoked;
    private final LinkListener listener;
    private final Duration silenceLimit;
    private final Backoff backoff = new Backoff(FIRST_RETRY, RETRY_CAP, new java.util.Random());
    /**
     * Frames are handled on the client's selector thread itself (a direct executor) rather than
     * handed to a pool thread first: a relayed rpc's round trip pays no thread wake-up here. So
     * nothing on this client may block on the network: sends only start ({@link #send}), and the
     * listener's work is the relay's - parsing, answering from memory, or writing a request to
     * Codex's stdin.
     */
    private final HttpClient http = HttpClient.newBuilder().executor(Runnable::run).build();

    private volatile State state = State.CONNECTING;
    private volatile Optional<WebSocket> socket = Optional.empty();
    private volatile boolean closed;
    private volatile Thread loop;
    /** Which of {@link #servers} the next attempt dials: kept after a welcome, moved on after a drop. */
    private int next;
    private final java.util.concurrent.BlockingQueue<String> outbox = new java.util.concurrent.ArrayBlockingQueue<>(OUTBOX_FRAMES);
    /** A frame is being sent: the JDK WebSocket takes the next only once the last one completed. */
    private final java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param e2eKey the helper's end-to-end public key S_h (base64url), reported after every welcome */
    public AgentLink(List<URI> servers, String machineId, MachineIdentity identity, String helperVersion, String e2eKey,
            Supplier<CodexStatus> codexStatus, Runnable onRevoked, LinkListener listener) {
        this(servers, machineId, identity, helperVersion, e2eKey, codexStatus, onRevoked, listener, SILENCE_LIMIT);
    }

    /** @param silenceLimit how long a silent server is trusted: tests shorten it to see a dead link noticed */
    AgentLink(List<URI> servers, String machineId, MachineIdentity identity, String helperVersion, String e2eKey,
            Supplier<CodexStatus> codexStatus, Runnable onRevoked, LinkListener listener, Duration silenceLimit) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one server");
        }
        this.servers = servers.stream().map(ServerUrls::checked).toList();
        this.machineId = machineId;
        this.greeting = new Greeting(machineId, identity, helperVersion);
        this.e2eKey = e2eKey;
        this.codexStatus = codexStatus;
        this.onRevoked = onRevoked;
        this.listener = listener;
        this.silenceLimit = silenceLimit;
    }

    public void start() {
        loop = Thread.ofVirtual().name("agent-link").start(this::run);
    }

    public State state() {
        return state;
    }

    /** Tells the server Codex's state changed; dropped while disconnected (hello carries it). */
    public void sendCodexStatus(CodexStatus status) {
        send(WireJson.mapper().createObjectNode().put("type", "status").put("codexStatus", status.wire()).toString());
    }

    /**
     * Sends one frame to the server while a socket is up, never waiting on the network: the
     * caller's thread (often Codex's reader, or the socket's own for an rpc answered at once)
     * starts the send when none is under way, else the frame waits in the outbox and the
     * completion of the send before it starts it - one at a time, as the JDK WebSocket requires,
     * with no thread hand-off on the way. Frames go out only after the welcome, so an answer to an
     * rpc that arrived during the handshake waits for it instead of being lost. Frames while
     * disconnected are dropped: browsers re-read state after a reconnect.
     *
     * @return false when the frame was dropped (disconnected, or the outbox is full)
     */
    public boolean send(String text) {
        if ((state == State.CONNECTED || state == State.CONNECTING) && socket.isPresent()) {
            if (outbox.offer(text)) {
                sendQueued();
                return true;
            }
            log.warn("the link to FlyDex is backed up; a frame was dropped");
        }
        return false;
    }

    /** True while more than {@link #BACKED_UP_FRAMES} frames wait for the network. */
    public boolean backedUp() {
        return outbox.size() > BACKED_UP_FRAMES;
    }

    /**
     * Starts sending queued frames unless a send is under way; continues inline while sends complete
     * at once. Tells the listener when the outbox ran dry.
     */
    private void sendQueued() {
        drain();
        if (state == State.CONNECTED && outbox.isEmpty() && !sending.get()) {
            listener.onDrained();
        }
    }

    private void drain() {
        while (state == State.CONNECTED && !outbox.isEmpty() && sending.compareAndSet(false, true)) {
            String text = outbox.poll();
            Optional<WebSocket> ws = socket;
            if (text == null || ws.isEmpty()) {
                sending.set(false);
                continue;
            }
            CompletableFuture<WebSocket> sent = ws.get().sendText(text, true);
            if (sent.isDone()) {
                sending.set(false);
                continue;
            }
            sent.whenComplete((done, failure) -> {
                // A failed send means the socket is going; its close ends the connection.
                sending.set(false);
                sendQueued();
            });
            return;
        }
    }


    @Override
    public void close() {
        closed = true;
        socket.ifPresent(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "helper stopping"));
        Thread running = loop;
        if (running != null) {
            running.interrupt();
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
        /** {@link System#nanoTime()} when the server was last heard (a frame or a ping). */
        private volatile long lastHeard = System.nanoTime();

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
            watchSilence(ws, silenceLimit);
            try {
                // Untimed: a timed wait of this virtual thread would wake the virtual threads' delay scheduler and
                // a carrier each time, and leave the carrier to time out 30 s later (watchSilence says why not).
                return closedWith.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ws.abort();
                return WebSocket.NORMAL_CLOSURE;
            } catch (java.util.concurrent.ExecutionException e) {
                return -1;
            } finally {
                socket = Optional.empty();
                outbox.clear(); // What was queued for this socket means nothing on the next one.
                sending.set(false); // A send on the dead socket says nothing about the next one.
            }
        }

        /**
         * Looks at the silence once the limit could have been reached since the server was last heard (every
         * ping moves that on), not on a fixed tick, and looks again then if it was heard meanwhile: about once
         * a minute with the server's 20-s pings. The look runs on the JDK's one thread for
         * {@code CompletableFuture} delays (a direct executor), so it costs that thread's one wake-up: the same
         * look as a virtual thread's timed wait cost 4-11 wake-ups a minute (docs/benchmarks.md, "Fourth pass:
         * wake-ups of our own"). That thread is shared, so the look only compares times (and on a dead link logs
         * and aborts); a look still pending when the socket closed another way finds it closed and ends.
         */
        private void watchSilence(WebSocket ws, Duration after) {
            CompletableFuture.delayedExecutor(after.toNanos(), TimeUnit.NANOSECONDS, Runnable::run).execute(() -> {
                if (closedWith.isDone()) {
                    return;
                }
                long quiet = System.nanoTime() - lastHeard;
                if (quiet >= silenceLimit.toNanos()) {
                    log.info("FlyDex server {} went silent; reconnecting", ServerUrls.origin(server));
                    ws.abort();
                    closedWith.complete(-1);
                } else {
                    watchSilence(ws, silenceLimit.minusNanos(quiet));
                }
            });
        }

        /**
         * The socket is known from here on, not only once {@code buildAsync} completes on the loop's
         * thread: the challenge and welcome can arrive first (this listener runs on the selector),
         * and what is sent after the welcome - the helper key - needs the socket.
         */
        @Override
        public void onOpen(WebSocket ws) {
            socket = Optional.of(ws);
            WebSocket.Listener.super.onOpen(ws);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            lastHeard = System.nanoTime();
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
            lastHeard = System.nanoTime();
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
            Greeting.read(text).ifPresent(message -> handle(ws, message));
        }

        private void handle(WebSocket ws, JsonNode message) {
            switch (message.path("type").asString("")) {
                // Not awaited: this is the selector's thread (see http). Nothing else is sent before the
                // welcome, and a failed send ends the socket.
                case "challenge" -> ws.sendText(greeting.hello(message, codexStatus.get()), true);
                case "welcome" -> {
                    listener.onWelcome();
                    state = State.CONNECTED;
                    backoff.reset();
                    log.info("connected to FlyDex {} as machine {}", ServerUrls.origin(server), machineId);
                    send(Greeting.helperKey(e2eKey)); // Sends what was answered during the handshake too.
                }
                default -> listener.onServerMessage(message);
            }
        }
    }
}
