package net.flydex.server.relay;

import java.util.Optional;
import java.util.function.Predicate;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.e2e.E2eFields;
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
                case "rpc" -> frame.has("sealed") ? sealedRpc(frame) : new ClientMessage.Rpc(required(frame, "id", MAX_ID),
                        required(frame, "machineId", MAX_MACHINE_ID), required(frame, "method", MAX_METHOD), params(frame));
                case SealedFrames.HELLO -> new ClientMessage.Hello(required(frame, "id", MAX_ID), required(frame, "machineId", MAX_MACHINE_ID),
                        deviceId(frame), shaped(frame, "hello", E2eFields.MAX_HELLO_CHARS, E2eFields::hello));
                case SealedFrames.INTRODUCE -> new ClientMessage.Introduce(required(frame, "id", MAX_ID),
                        required(frame, "machineId", MAX_MACHINE_ID), E2eFields.introduction(frame.get("introduction"))
                                .orElseThrow(() -> new BadField("introduction must be {offerId, devicePublicKey, deviceName, proof} "
                                        + "in the shapes docs/e2e.md gives")));
                case "subscribe" -> new ClientMessage.Subscribe(optional(frame, "id", MAX_ID), required(frame, "machineId", MAX_MACHINE_ID));
                case "unsubscribe" -> new ClientMessage.Unsubscribe(optional(frame, "id", MAX_ID), required(frame, "machineId", MAX_MACHINE_ID));
                default -> new ClientMessage.Malformed(echo, "unknown message type");
            };
        } catch (BadField e) {
            return new ClientMessage.Malformed(echo, e.getMessage());
        }
    }

    /** The clear rpc's fields are sealed inside; one carrying both is refused rather than read two ways. */
    private static ClientMessage.SealedRpc sealedRpc(JsonNode frame) {
        if (frame.has("method") || frame.has("params")) {
            throw new BadField("a sealed rpc carries its method and params inside sealed");
        }
        return new ClientMessage.SealedRpc(required(frame, "id", MAX_ID), required(frame, "machineId", MAX_MACHINE_ID), deviceId(frame),
                shaped(frame, "sessionId", E2eFields.SESSION_ID_CHARS, E2eFields::sessionId),
                shaped(frame, "sealed", E2eFields.MAX_SEALED_FRAME_CHARS, E2eFields::sealedFrame));
    }

    private static String deviceId(JsonNode frame) {
        return shaped(frame, "deviceId", E2eFields.DEVICE_ID_CHARS, E2eFields::deviceId);
    }

    /** A required string that must also pass {@code shape}; the reason names the field and its bound, never the value. */
    private static String shaped(JsonNode frame, String field, int maxLength, Predicate<String> shape) {
        String value = required(frame, field, maxLength);
        if (!shape.test(value)) {
            throw new BadField(field + " is not in the shape docs/e2e.md gives (base64url, at most " + maxLength + " characters)");
        }
        return value;
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
