package net.flydex.helper.relay;

import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.E2eLimits;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event's sealed plaintext, {@code {"method","params"}}. One too big for a sealed frame (a huge
 * command output) goes without its payload: the ids that say where it belongs and a note to read
 * it with {@code thread/turns/list}.
 */
final class EventPayload {
    private EventPayload() {}

    static byte[] of(String method, JsonNode params) {
        byte[] whole = plaintext(method, params);
        if (whole.length <= E2eLimits.MAX_FRAME_PLAINTEXT_BYTES) {
            return whole;
        }
        ObjectNode summary = WireJson.mapper().createObjectNode().put("truncated", true)
                .put("reason", "too large for the relay; read it with thread/turns/list");
        for (String field : new String[] {"threadId", "turnId", "itemId"}) {
            if (params.has(field)) {
                summary.set(field, params.get(field));
            }
        }
        JsonNode item = params.path("item");
        if (item.isObject()) {
            ObjectNode kept = summary.putObject("item");
            for (String field : new String[] {"id", "type", "status"}) {
                if (item.has(field)) {
                    kept.set(field, item.get(field));
                }
            }
        }
        return plaintext(method, summary);
    }

    private static byte[] plaintext(String method, JsonNode params) {
        ObjectNode event = WireJson.mapper().createObjectNode().put("method", method);
        event.set("params", params);
        return WireJson.mapper().writeValueAsBytes(event);
    }
}
