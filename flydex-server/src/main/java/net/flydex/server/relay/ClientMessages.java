package net.flydex.server.relay;

import java.util.Optional;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a browser's text frame into a {@link ClientMessage}, strictly: fields of the wrong type
 * are never coerced, and anything off is {@link ClientMessage.Malformed} with a reason that quotes
 * nothing the browser sent. Unknown extra fields are ignored.
 */
final class ClientMessages {
    /** The browser's own correlation key: a UUID or a counter fits many times over. */
    static final int MAX_ID = 128;
    /** Machine ids are {@code mch_} and 22 characters; anything much longer is not one. */
    static final int MAX_MACHINE_ID = 128;
    /** Method names are short paths such as {@code thread/turns/list}. */
    static final int MAX_METHOD = 128;
    /** Message types are short words. */
    private static final int MAX_TYPE = 32;

    private ClientMessages() {}

    static ClientMessage parse(String text) {
        JsonNode frame;
        try {
            frame = WireJson.mapper().readTree(text);
        } catch (JacksonException e) {
            return new ClientMessage.Malformed(Optional.empty(), "a message must be valid JSON");
        }
        if (!frame.isObject()) {
            return new ClientMessage.Malformed(Optional.empty(), "a message must be a JSON object");
        }
        Optional<String> echo = Optional.of(frame.path("id"))
                .filter(id -> id.isString() && fits(id.asString(), MAX_ID)).map(JsonNode::asString);
        try {
            return switch (required(frame, "type", MAX_TYPE)) {
                case "rpc" -> new ClientMessage.Rpc(required(frame, "id", MAX_ID), required(frame, "machineId", MAX_MACHINE_ID),
                        required(frame, "method", MAX_METHOD), params(frame));
                case "subscribe" -> new ClientMessage.Subscribe(optional(frame, "id", MAX_ID), required(frame, "machineId", MAX_MACHINE_ID));
                case "unsubscribe" -> new ClientMessage.Unsubscribe(optional(frame, "id", MAX_ID), required(frame, "machineId", MAX_MACHINE_ID));
                default -> new ClientMessage.Malformed(echo, "unknown message type");
            };
        } catch (BadField e) {
            return new ClientMessage.Malformed(echo, e.getMessage());
        }
    }

    private static String required(JsonNode frame, String field, int maxLength) {
        return optional(frame, field, maxLength).orElseThrow(() -> new BadField(field + " is required"));
    }

    /** Absent or null is empty; anything but a non-empty string within the bound is malformed. */
    private static Optional<String> optional(JsonNode frame, String field, int maxLength) {
        JsonNode value = frame.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString() || !fits(value.asString(), maxLength)) {
            throw new BadField(field + " must be a non-empty string of at most " + maxLength + " characters");
        }
        return Optional.of(value.asString());
    }

    /** Optional; absent or null means no parameters. */
    private static ObjectNode params(JsonNode frame) {
        JsonNode params = frame.path("params");
        if (params.isMissingNode() || params.isNull()) {
            return WireJson.mapper().createObjectNode();
        }
        if (!params.isObject()) {
            throw new BadField("params must be an object");
        }
        return (ObjectNode) params;
    }

    private static boolean fits(String value, int maxLength) {
        return !value.isEmpty() && value.length() <= maxLength;
    }

    /** A field that is missing or of the wrong shape; its message names the field, never its value. */
    private static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }
}
