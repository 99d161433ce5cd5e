package net.flydex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * A text WebSocket on the JDK client ({@link java.net.http.WebSocket}, the client the test kit's
 * {@code RelayClient} uses), every frame stamped as it arrives. The relay bench uses it for the
 * browser's {@code /ws/client} and for the echo baseline alike, so both sides pay the same client.
 * Unlike {@code RelayClient}, waiting for a frame blocks on a queue instead of polling every 5 ms.
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
    private final WebSocket socket;

    private TimedSocket(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, this).join();
    }

    static TimedSocket open(URI uri, Map<String, String> headers) {
        return new TimedSocket(uri, headers);
    }

    /** {@code /ws/client} as a browser on FlyDex's origin with this session (bearer, as the test kit's relay client). */
    static TimedSocket browser(ControlPlane plane, String sessionToken) {
        return open(URI.create("ws://" + plane.url.getAuthority() + "/ws/client"),
                Map.of("Origin", plane.url.toString(), "Authorization", "Bearer " + sessionToken));
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
            arrivals.add(new Arrival(partial.toString(), System.nanoTime(), Instant.now()));
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
