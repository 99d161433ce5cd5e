package net.flydex.helper.relay;

import java.util.Optional;
import java.util.Set;
import net.flydex.helper.e2e.OpenSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A frame the relay has yet to seal and send, as it waits in the {@link OutboundBacklog}. */
sealed interface Outbound {

    /** A Codex notification for every open session, kept as JSON so streamed deltas can still be merged. */
    record Event(String method, JsonNode params) implements Outbound {
        /**
         * Notifications that stream text into one item, each with {@code params.delta}; consecutive
         * ones for the same item say together what they say apart.
         */
        static final Set<String> STREAMED = Set.of("item/agentMessage/delta", "item/commandExecution/outputDelta",
                "item/plan/delta", "item/reasoning/summaryTextDelta", "item/reasoning/textDelta");

        /** This event's delta, when it is a streamed one. */
        Optional<String> delta() {
            return STREAMED.contains(method) && params.path("delta").isString() && params.path("itemId").isString()
                    ? Optional.of(params.path("delta").asString()) : Optional.empty();
        }

        /** The same event with {@code more} appended to its delta (a copy: Codex's params are never changed). */
        Event append(String more) {
            ObjectNode merged = ((ObjectNode) params).deepCopy();
            merged.put("delta", params.path("delta").asString() + more);
            return new Event(method, merged);
        }

        /** True when {@code next} continues this event's stream: same method, and every field but the delta equal. */
        boolean continuedBy(Event next) {
            if (!method.equals(next.method) || delta().isEmpty() || next.delta().isEmpty()) {
                return false;
            }
            ObjectNode mine = ((ObjectNode) params).deepCopy();
            ObjectNode theirs = ((ObjectNode) next.params).deepCopy();
            mine.remove("delta");
            theirs.remove("delta");
            return mine.equals(theirs);
        }
    }

    /** An approval card or resolution for every open session; {@code ref} is the approval id. */
    record Broadcast(String type, String ref, byte[] plaintext) implements Outbound {}

    /** A frame for one session: an rpc's answer ({@code relayId} set) or a pending approval after its handshake. */
    record Directed(OpenSession session, String type, String ref, String relayId, byte[] plaintext) implements Outbound {}
}
