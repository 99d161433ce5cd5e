package net.flydex.testkit;

import tools.jackson.databind.JsonNode;

/**
 * The Codex notification tests wait for before they look at what an approved command did: a
 * command item's {@code item/completed}, which Codex sends once the command has exited. Its
 * {@code turn/completed} alone does not say so: Codex stops waiting for a command after the
 * call's {@code yield_time_ms}, and the turn may go on and end without it.
 */
public final class CodexItems {
    private CodexItems() {}

    /** Whether {@code method} and {@code params} are Codex saying a command item has completed. */
    public static boolean commandCompleted(String method, JsonNode params) {
        return method.equals("item/completed") && params.path("item").path("type").asString("").equals("commandExecution");
    }

    /** The same, for a command item of {@code threadId}. */
    public static boolean commandCompleted(String method, JsonNode params, String threadId) {
        return commandCompleted(method, params) && params.path("threadId").asString("").equals(threadId);
    }
}
