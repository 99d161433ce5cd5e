package net.flydex.testkit;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Links a running helper to an account the way the desktop page does: start a local connect, hand
 * its token to the helper's {@code /v1/connect} (with the page's Origin and custom header), wait for
 * the helper's key, finalize, and wait until the server reports Codex ready.
 */
public final class LocalConnect {
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
    public static int postToHelper(String origin, int port, Map<String, String> body) {
        return DesktopPageCalls.post(origin, port, "/v1/connect", body).status();
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
