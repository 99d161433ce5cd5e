package net.flydex.server.relay;

import java.util.Optional;
import net.flydex.protocol.Limits;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Consecutive agent-message deltas of one item merged into one event frame, for a browser that
 * lags: the first frame's envelope with the deltas' text concatenated in order. This is the one
 * place the relay reads a payload, in memory only, so a burst is shortened rather than dropped.
 * Mutated only under its queue's lock, and read once, after it left the queue.
 */
final class DeltaRun implements Queued {
    private final String itemId;
    private final ObjectNode frame;
    private final StringBuilder delta;
    private final long envelopeChars;

    private DeltaRun(String itemId, ObjectNode frame, String firstDelta, long frameChars) {
        this.itemId = itemId;
        this.frame = frame;
        this.delta = new StringBuilder(firstDelta);
        this.envelopeChars = frameChars - firstDelta.length();
    }

    /** A run starting with {@code first}, when it is a delta frame. */
    static Optional<DeltaRun> startingWith(Outgoing first) {
        return first.deltaItemId().flatMap(itemId -> parse(first.text())
                .map(frame -> new DeltaRun(itemId, frame, frame.path("params").path("delta").asString(), first.chars())));
    }

    /** Appends {@code next}'s delta when it is one of this item and the merged frame stays within a frame's size. */
    boolean absorb(Outgoing next) {
        if (!next.deltaItemId().equals(Optional.of(itemId)) || chars() + next.chars() > Limits.MAX_FRAME_BYTES) {
            return false;
        }
        Optional<String> text = parse(next.text()).map(parsed -> parsed.path("params").path("delta").asString());
        text.ifPresent(delta::append);
        return text.isPresent();
    }

    @Override
    public String text() {
        ((ObjectNode) frame.path("params")).put("delta", delta.toString());
        return frame.toString();
    }

    @Override
    public long chars() {
        return envelopeChars + delta.length();
    }

    private static Optional<ObjectNode> parse(String text) {
        try {
            JsonNode parsed = WireJson.mapper().readTree(text);
            return parsed.path("params").path("delta").isString() ? Optional.of((ObjectNode) parsed) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
