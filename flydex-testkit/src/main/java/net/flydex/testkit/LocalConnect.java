package net.flydex.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Links a running helper to an account the way the desktop page does: start a local connect, hand
 * its token to the helper's {@code /v1/connect} (with the page's Origin and custom header), wait for
 * the helper's key, finalize, and wait until the server reports Codex ready.
 */
public final class LocalConnect {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(100);

    private LocalConnect() {}

    /** The machine id, once Codex is ready; {@code origin} is the desktop page's, {@code server} what the helper registers with. */
    public static String link(URI server, String origin, ApiClient owner, int helperPort, Duration wait) throws Exception {
        JsonNode session = owner.post("/api/local-connect/start", "{}").body();
        String id = session.path("id").asString();
        postToHelper(origin, helperPort, Map.of("server", server.toString(), "localConnectId", id,
                "connectToken", session.path("connectToken").asString()));
        poll(() -> owner.get("/api/local-connect/" + id).body(), lc -> lc.path("status").asString("").equals("awaiting_browser_finalize"),
                wait);
        owner.post("/api/local-connect/" + id + "/finalize", "{}");
        return poll(() -> owner.get("/api/local-connect/" + id).body(), lc -> lc.path("status").asString("").equals("codex_ready"), wait)
                .path("machineId").asString();
    }

    /** The desktop page's call to the helper: its Origin, the custom header, JSON; the status code. */
    public static int postToHelper(String origin, int port, Map<String, String> body) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/connect"))
                    .header("Content-Type", "application/json").header("X-FlyDex-Client", "web")
                    .header("Origin", origin)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        }
    }

    private static JsonNode poll(java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> done, Duration wait)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        JsonNode last = read.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("local connect did not get there in " + wait + ": " + last);
            }
            Thread.sleep(POLL);
            last = read.get();
        }
        return last;
    }
}
