package net.flydex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.SealedDevice;
import net.flydex.testkit.SealedSessions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A text WebSocket on the JDK client ({@link java.net.http.WebSocket}, the client the test kit's
 * {@code RelayClient} uses), every frame stamped as it arrives. The relay bench uses it for the
 * browser's {@code /ws/client} and for the echo baseline alike, so both sides pay the same client.
 * Unlike {@code RelayClient}, waiting for a frame blocks on a queue instead of polling every 5 ms.
 *
 * <p>A sealed browser ({@link #sealedBrowser}) speaks end to end as a {@link SealedDevice}: its
 * rpcs are sealed in {@link #sendRpc}, and each arrival is read through its {@link SealedSessions}
 * before it is stamped, so a round trip includes the browser's seal, its parse of the frame and
 * the open. Its clear counterpart ({@link #parsingBrowser}) parses each arrival before stamping
 * it, as a page would: the two differ by sealing alone.
 */
final class TimedSocket implements WebSocket.Listener, AutoCloseable {
    /** A loopback upgrade takes milliseconds; this bounds a hung server only. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** One frame as it arrived: its text, {@link System#nanoTime()} and the wall clock at that moment. */
    record Arrival(String text, long nanos, Instant wall) {
        JsonNode json() {
            return WireJson.mapper().readTree(text);
        }
    }

    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Optional<SealedSessions> sessions;
    /** Arrivals are parsed as JSON before they are stamped (the clear counterpart of a sealed browser). */
    private final boolean parses;
    private final WebSocket socket;

    private TimedSocket(URI uri, Map<String, String> headers, Optional<SealedSessions> sessions, boolean parses) {
        this.sessions = sessions;
        this.parses = parses;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, this).join();
    }

    static TimedSocket open(URI uri, Map<String, String> headers) {
        return new TimedSocket(uri, headers, Optional.empty(), false);
    }

    /**
     * {@code /ws/client} as {@code device} on FlyDex's origin: subscribed to the machine, which
     * must be online with Codex ready, and a session open with it (hello answered and checked).
     */
    static TimedSocket sealedBrowser(URI server, String sessionToken, SealedDevice device, String machineId, Duration limit) {
        var socket = new TimedSocket(clientSocket(server), bearer(server, sessionToken), Optional.of(new SealedSessions(device)), true);
        socket.send(WireJson.mapper().createObjectNode().put("type", "subscribe").put("machineId", machineId).toString());
        socket.await(frame -> frame.path("type").asString("").equals("machine") && frame.path("online").asBoolean()
                && frame.path("codexStatus").asString("").equals("ready"), limit);
        String hello = "hello-" + machineId;
        socket.send(socket.sessions.orElseThrow().hello(hello, machineId).toString());
        JsonNode answer = socket.await(frame -> frame.path("id").asString("").equals(hello), limit).json();
        if (socket.sessions.orElseThrow().session(machineId).isEmpty()) {
            socket.close();
            throw new IllegalStateException("the helper did not open a session: " + answer);
        }
        return socket;
    }

    /** An rpc: sealed in this socket's session when it is a sealed browser, else a clear frame. */
    void sendRpc(String id, String machineId, String method, JsonNode params) {
        send(sessions.map(own -> own.rpc(id, machineId, method, params))
                .orElseGet(() -> {
                    ObjectNode frame = WireJson.mapper().createObjectNode().put("type", "rpc").put("id", id).put("machineId", machineId)
                            .put("method", method);
                    frame.set("params", params);
                    return frame.toString();
                }));
    }

    /** {@link #browser}, each arrival parsed as JSON before it is stamped: the clear path to compare a sealed browser with. */
    static TimedSocket parsingBrowser(ControlPlane plane, String sessionToken) {
        return new TimedSocket(clientSocket(plane.url), bearer(plane.url, sessionToken), Optional.empty(), true);
    }

    /** {@code /ws/client} as a browser on FlyDex's origin with this session (bearer, as the test kit's relay client). */
    static TimedSocket browser(ControlPlane plane, String sessionToken) {
        return open(clientSocket(plane.url), bearer(plane.url, sessionToken));
    }

    private static URI clientSocket(URI server) {
        return URI.create("ws://" + server.getAuthority() + "/ws/client");
    }

    /** A browser's headers on FlyDex's origin with this session as a bearer. */
    private static Map<String, String> bearer(URI server, String sessionToken) {
        return Map.of("Origin", server.toString(), "Authorization", "Bearer " + sessionToken);
    }

    /** Returns once the frame is written. */
    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame, whatever it is; stops the bench when none comes within {@code limit}. */
    Arrival next(Duration limit) {
        try {
            Arrival arrival = arrivals.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
            if (arrival == null) {
                throw new IllegalStateException("no frame from the server within " + limit);
            }
            return arrival;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a frame", e);
        }
    }

    /** The first frame matching, dropping the others on the way; stops the bench when none comes within {@code limit}. */
    Arrival await(Predicate<JsonNode> match, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Arrival arrival = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (match.test(arrival.json())) {
                return arrival;
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            if (sessions.isPresent()) {
                JsonNode opened = sessions.get().read(WireJson.mapper().readTree(partial.toString()));
                long at = System.nanoTime();
                arrivals.add(new Arrival(opened.toString(), at, Instant.now()));
            } else if (parses) {
                // Written back as text like the sealed browser's opened frame, so the two differ by sealing alone.
                JsonNode frame = WireJson.mapper().readTree(partial.toString());
                long at = System.nanoTime();
                arrivals.add(new Arrival(frame.toString(), at, Instant.now()));
            } else {
                arrivals.add(new Arrival(partial.toString(), System.nanoTime(), Instant.now()));
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public void close() {
        socket.abort();
        http.shutdownNow(); // close() would wait for operations still under way; there must be none left.
    }
}
