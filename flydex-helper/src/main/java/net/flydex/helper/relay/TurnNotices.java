package net.flydex.helper.relay;

import java.util.LinkedHashMap;
import java.util.Map;
import net.flydex.protocol.SealedFrames;
import tools.jackson.databind.JsonNode;

/**
 * What the helper tells the server about turns, now that the server cannot read events (docs/e2e.md,
 * "Push and decisions"): a sealed {@link SealedFrames#PUSH_TURN_ENDED} push when a turn it saw
 * start completes or fails (an interrupted one was the person's own doing), and, carrying nothing,
 * {@link SealedFrames#PUSH_TURNS_RUNNING} when the machine goes from no running turn to one and
 * {@link SealedFrames#PUSH_TURNS_IDLE} when the last one ends, so the node holding the helper's
 * socket knows whether to raise {@code machineOffline} should it go away. Only those two edges
 * leave the helper: the server learns when the machine is busy, not how many turns run.
 */
final class TurnNotices {
    /** Turns tracked at once: Codex runs one per thread, and a person a handful of threads; more are not told about. */
    static final int TURNS_KEPT = 64;
    private static final String COMPLETED = "completed";
    private static final String FAILED = "failed";

    private final PushSealer pushes;
    private final ThreadTitles titles;
    /** Running turn id → its thread id. */
    private final Map<String, String> running = new LinkedHashMap<>();

    TurnNotices(PushSealer pushes, ThreadTitles titles) {
        this.pushes = pushes;
        this.titles = titles;
    }

    /** A Codex notification: {@code turn/started} and {@code turn/completed} matter. */
    synchronized void noticed(String method, JsonNode params) {
        JsonNode turn = params.path("turn");
        String turnId = turn.path("id").asString("");
        if (turnId.isEmpty()) {
            return;
        }
        switch (method) {
            case "turn/started" -> started(turnId, params.path("threadId").asString(""));
            case "turn/completed" -> completed(turnId, turn.path("status").asString(""));
            default -> { }
        }
    }

    /** A new uplink socket: the server may have forgotten (another node, or it said machineOffline), so it hears again. */
    synchronized void resend() {
        if (!running.isEmpty()) {
            pushes.signal(SealedFrames.PUSH_TURNS_RUNNING);
        }
    }

    /** Codex went away or restarts: its turns will not complete, and nothing runs. */
    synchronized void codexGone() {
        if (!running.isEmpty()) {
            running.clear();
            pushes.signal(SealedFrames.PUSH_TURNS_IDLE);
        }
    }

    private void started(String turnId, String threadId) {
        if (running.containsKey(turnId) || running.size() >= TURNS_KEPT) {
            return;
        }
        running.put(turnId, threadId);
        if (running.size() == 1) {
            pushes.signal(SealedFrames.PUSH_TURNS_RUNNING);
        }
    }

    private void completed(String turnId, String status) {
        String threadId = running.remove(turnId);
        if (threadId == null) {
            return; // Not seen starting (before the helper attached, or past the cap).
        }
        if (status.equals(COMPLETED) || status.equals(FAILED)) {
            pushes.push(SealedFrames.PUSH_TURN_ENDED, "", PushContent.turnEnded(threadId, titles.of(threadId), status));
        }
        if (running.isEmpty()) {
            pushes.signal(SealedFrames.PUSH_TURNS_IDLE);
        }
    }
}
