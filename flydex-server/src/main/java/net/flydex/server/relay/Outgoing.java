package net.flydex.server.relay;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One frame on its way to a browser, as text.
 *
 * @param deltaItemId set on a clear agent-message delta event: the item whose consecutive deltas a
 *     lagging browser's queue may merge into one frame
 * @param sealed part of an end-to-end session (or its answer): never merged nor dropped, since a
 *     gap breaks the session's counter; a queue that overflows holding one closes with
 *     {@link ClientClose#SEALED_TOO_SLOW}
 */
record Outgoing(String text, Optional<String> deltaItemId, boolean sealed) implements Queued {
    /** Codex streams an agent message as many small events of this method, each with {@code params.delta}. */
    static final String AGENT_MESSAGE_DELTA = "item/agentMessage/delta";

    static Outgoing of(JsonNode frame) {
        return text(frame.toString());
    }

    /** A frame already written as text, never merged. */
    static Outgoing text(String frame) {
        return new Outgoing(frame, Optional.empty(), false);
    }

    /** A frame of an end-to-end session, passed on as the helper wrote it. */
    static Outgoing sealed(String frame) {
        return new Outgoing(frame, Optional.empty(), true);
    }

    /** A helper's frame, passed on as the same text; {@code parsed} is that text, read once by the relay. */
    static Outgoing relayed(String text, JsonNode parsed) {
        JsonNode params = parsed.path("params");
        boolean delta = "event".equals(parsed.path("type").asString(""))
                && AGENT_MESSAGE_DELTA.equals(parsed.path("method").asString(""))
                && params.path("itemId").isString() && params.path("delta").isString();
        return new Outgoing(text, delta ? Optional.of(params.path("itemId").asString()) : Optional.empty(), false);
    }

    @Override
    public long chars() {
        return text.length();
    }
}
