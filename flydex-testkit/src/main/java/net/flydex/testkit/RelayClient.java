package net.flydex.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A browser's {@code /ws/client} connection, for tests and benchmarks: sends frames, keeps every
 * frame received, and waits for the ones a test expects.
 *
 * <p>Opened with a {@link SealedDevice} it speaks end to end as the web app does: a subscription
 * opens a session with the machine once it is online (and again after it was offline), {@link
 * #rpc} seals, and what the helper sealed is kept in its clear shape in {@link #received()} -
 * so assertions written before encryption read the same. {@link #wire()} keeps the frames as they
 * travelled. Without a device (raw mode) it sends and keeps frames as they are: for hostile and
 * negative tests.
 */
public final class RelayClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long a subscription or an rpc waits for a machine to come online and answer a hello. */
    private static final Duration HANDSHAKE_WAIT = Duration.ofSeconds(60);

    private final WebSocket socket;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<JsonNode> wire = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final HttpClient http;
    private final Optional<SealedSessions> sessions;
    /** Machines subscribed to in sealed mode: each gets a session whenever it comes online. */
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    /** Sealing and sending are one step, so frames leave in counter order. */
    private final Object sendLock = new Object();

    private RelayClient(HttpClient http, URI url, String origin, String bearer, Optional<SealedDevice> device) {
        this.http = http;
        this.sessions = device.map(SealedSessions::new);
        this.socket = http.newWebSocketBuilder().header("Origin", origin).header("Authorization", "Bearer " + bearer)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(url, new WebSocketRecorder(this::arrived)).join();
    }

    /** Connects to {@code <server>/ws/client} as a browser on {@code origin} with this session token; raw frames. */
    public static RelayClient connect(URI server, String origin, String sessionToken) {
        return new RelayClient(HttpClient.newHttpClient(), clientSocket(server), origin, sessionToken, Optional.empty());
    }

    /** As {@link #connect(URI, String, String)}, speaking end to end as {@code device}. */
    public static RelayClient connect(URI server, String origin, String sessionToken, SealedDevice device) {
        return new RelayClient(HttpClient.newHttpClient(), clientSocket(server), origin, sessionToken, Optional.of(device));
    }

    private static URI clientSocket(URI server) {
        return URI.create(server.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/ws/client");
    }

    /** The device this client speaks as; empty in raw mode. */
    public Optional<SealedDevice> device() {
        return sessions.map(SealedSessions::device);
    }

    /** This socket's sessions (sealed mode), for tests that build sealed frames by hand. */
    public SealedSessions sessions() {
        return sessions.orElseThrow(() -> new IllegalStateException("a raw relay client has no sessions"));
    }

    public void send(String text) {
        synchronized (sendLock) {
            socket.sendText(text, true).join();
        }
    }

    /** Subscribes; in sealed mode also opens a session as soon as the machine reports it is online. */
    public void subscribe(String machineId) {
        sessions.ifPresent(s -> subscribed.add(machineId));
        send(JSON.createObjectNode().put("type", "subscribe").put("machineId", machineId).toString());
    }

    /**
     * Opens a session with the machine (sealed mode): a hello, and the helper's answer checked.
     * The answer frame: the {@code result} when the session is open, else the error or {@value
     * SealedSessions#FAILURE} frame.
     */
    public JsonNode handshake(String machineId, Duration timeout) {
        String id = nextId();
        send(sessions().hello(id, machineId).toString());
        return await(f -> id.equals(f.path("id").asString(null)), timeout);
    }

    /**
     * Sends an rpc and waits for its answer: the result or error frame, or in sealed mode a
     * {@value SealedSessions#FAILURE} frame when the answer did not open. Sealed mode first opens
     * a session if none is open (waiting for one under way).
     */
    public JsonNode rpc(String machineId, String method, JsonNode params, Duration timeout) {
        String id = nextId();
        if (sessions.isPresent()) {
            ensureSession(machineId, timeout);
            synchronized (sendLock) {
                socket.sendText(sessions.get().rpc(id, machineId, method, params), true).join();
            }
        } else {
            ObjectNode frame = JSON.createObjectNode().put("type", "rpc").put("id", id).put("machineId", machineId).put("method", method);
            frame.set("params", params);
            send(frame.toString());
        }
        return await(f -> id.equals(f.path("id").asString(null)) && Set.of("result", "error", SealedSessions.FAILURE)
                .contains(f.path("type").asString("")), timeout);
    }

    public JsonNode rpc(String machineId, String method, String paramsJson, Duration timeout) {
        return rpc(machineId, method, JSON.readTree(paramsJson), timeout);
    }

    /** Waits until a session with the machine is open (sealed mode: the subscription's hello answered). */
    public void awaitSession(String machineId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sessions().session(machineId).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no session with " + machineId + " within " + timeout + "; received " + received.size());
            }
            pause();
        }
    }

    /** A fresh frame id, for frames a test builds itself. */
    public String nextId() {
        return "c" + ids.incrementAndGet();
    }

    private void ensureSession(String machineId, Duration timeout) {
        SealedSessions own = sessions();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (own.session(machineId).isEmpty()) {
            String id = nextId();
            Optional<ObjectNode> hello = own.helloIfNone(id, machineId);
            if (hello.isPresent()) {
                send(hello.get().toString());
                JsonNode answer = await(f -> id.equals(f.path("id").asString(null)), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (own.session(machineId).isEmpty()) {
                    throw new AssertionError("no session with " + machineId + ": " + answer);
                }
                return;
            }
            pause();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the handshake with " + machineId + " did not finish within " + timeout);
            }
        }
    }

    /** The first received frame matching, waiting up to {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> found = received.stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            pause();
        }
        throw new AssertionError("no matching frame within " + timeout + "; received " + received.size());
    }

    /** Every frame received, sealed ones as the device opened them. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** Every frame received as it travelled (sealed ones sealed). */
    public List<JsonNode> wire() {
        return List.copyOf(wire);
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A subscribed machine came online without a session: a hello, sent off the listener's thread (sends wait for the socket). */
    private void handshakeWhenOnline(JsonNode frame) {
        String machineId = frame.path("machineId").asString("");
        SealedSessions own = sessions.orElseThrow();
        if (frame.path("type").asString("").equals("machine") && frame.path("online").asBoolean() && subscribed.contains(machineId)
                && own.device().knows(machineId)) {
            Thread.ofVirtual().start(() -> own.helloIfNone(nextId(), machineId).ifPresent(hello -> send(hello.toString())));
        }
    }

    /** A whole frame from the server, on the socket's thread: kept as it travelled and, sealed, as the device opened it. */
    private void arrived(String text) {
        JsonNode frame = JSON.readTree(text);
        wire.add(frame);
        if (sessions.isPresent()) {
            received.add(sessions.get().read(frame));
            handshakeWhenOnline(frame);
        } else {
            received.add(frame);
        }
    }
}
