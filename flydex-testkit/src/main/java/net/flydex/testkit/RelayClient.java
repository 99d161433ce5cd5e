package net.flydex.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A browser's {@code /ws/client} connection, for tests and benchmarks: sends frames, keeps every
 * frame received, and waits for the ones a test expects.
 */
public final class RelayClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebSocket socket;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final HttpClient http;

    private RelayClient(HttpClient http, URI url, String origin, String bearer) {
        this.http = http;
        this.socket = http.newWebSocketBuilder().header("Origin", origin).header("Authorization", "Bearer " + bearer)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(url, new Listener()).join();
    }

    /** Connects to {@code <server>/ws/client} as a browser on {@code origin} with this session token. */
    public static RelayClient connect(URI server, String origin, String sessionToken) {
        URI url = URI.create(server.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/ws/client");
        return new RelayClient(HttpClient.newHttpClient(), url, origin, sessionToken);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void subscribe(String machineId) {
        send(JSON.createObjectNode().put("type", "subscribe").put("machineId", machineId).toString());
    }

    /** Sends an rpc and waits for its result or error frame. */
    public JsonNode rpc(String machineId, String method, JsonNode params, Duration timeout) {
        String id = "c" + ids.incrementAndGet();
        ObjectNode frame = JSON.createObjectNode().put("type", "rpc").put("id", id).put("machineId", machineId).put("method", method);
        frame.set("params", params);
        send(frame.toString());
        return await(f -> id.equals(f.path("id").asString(null))
                && ("result".equals(f.path("type").asString("")) || "error".equals(f.path("type").asString(""))), timeout);
    }

    public JsonNode rpc(String machineId, String method, String paramsJson, Duration timeout) {
        return rpc(machineId, method, JSON.readTree(paramsJson), timeout);
    }

    /** The first received frame matching, waiting up to {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> found = received.stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no matching frame within " + timeout + "; received " + received.size());
    }

    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The close code, once the server closed the socket. */
    public Optional<Integer> closeCode(Duration wait) {
        try {
            return Optional.of(closed.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception notClosed) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }
}
