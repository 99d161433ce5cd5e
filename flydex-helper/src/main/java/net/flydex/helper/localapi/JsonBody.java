package net.flydex.helper.localapi;

import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** A request body read as a JSON object; the shared mapper already refuses duplicate keys, trailing data and deep nesting. */
final class JsonBody {
    private JsonBody() {}

    /** @throws RejectedRequest 400 {@code bad_request} for anything but a JSON object */
    static JsonNode object(byte[] body) {
        JsonNode root;
        try {
            root = WireJson.mapper().readTree(body);
        } catch (JacksonException e) {
            // The original message names the problem without Jackson's internal location details.
            throw RejectedRequest.badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw RejectedRequest.badRequest("The body must be a JSON object.");
        }
        return root;
    }
}
