package net.flydex.bench;

import java.nio.file.Path;
import java.time.Duration;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gives a fresh Codex home a few finished threads, so {@code thread/list} returns real entries as
 * on a phone's first screen. Codex lists a thread only once it has a turn, so each one gets a short
 * scripted reply; seeding waits until all are listed and idle, so no turn runs while timing.
 */
final class ThreadSeeder {
    /** A handful of threads, as a person has after a first session; fewer than one list page. */
    static final int THREADS = 3;
    /** The scripted model answers a SAY prompt with just that text: no tools, no approvals. */
    private static final String PROMPT = "SAY: seeded for the bench";
    /** How often seeding checks the list; turns against the scripted model take well under a second. */
    private static final Duration POLL = Duration.ofMillis(50);
    /** Bounds a broken setup only. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private ThreadSeeder() {}

    /** Seeds {@link #THREADS} threads working in {@code cwd}; returns how many the list then shows. */
    static int seed(AppServerClient client, Path cwd) {
        for (int i = 0; i < THREADS; i++) {
            JsonNode started = client.call("thread/start", WireJson.mapper().createObjectNode().put("cwd", cwd.toString()));
            ObjectNode turn = WireJson.mapper().createObjectNode().put("threadId", started.path("thread").path("id").asString());
            turn.putArray("input").addObject().put("type", "text").put("text", PROMPT);
            client.call("turn/start", turn);
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            JsonNode threads = client.call(TimedRequest.METHOD, TimedRequest.params()).path("data");
            if (threads.size() >= THREADS && allIdle(threads)) {
                return threads.size();
            }
            Pause.of(POLL);
        }
        throw new IllegalStateException("the seeded threads were not listed and idle within " + LIMIT);
    }

    private static boolean allIdle(JsonNode threads) {
        for (JsonNode thread : threads) {
            if (thread.path("status").path("type").asString("").equals("active")) {
                return false;
            }
        }
        return true;
    }
}
