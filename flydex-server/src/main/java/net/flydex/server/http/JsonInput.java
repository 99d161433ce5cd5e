package net.flydex.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import net.flydex.protocol.Limits;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a request's JSON body defensively: bounded size, strict syntax (no duplicate keys, no
 * trailing data, bounded nesting), and typed field access that never coerces ({@code 123} is not
 * a string). Every failure is a 400 {@code bad_request} with a sentence saying what was wrong.
 */
public final class JsonInput {
    /** How much of an oversized body is read and dropped before answering 413: bounded work per request. */
    private static final int OVERSIZE_DRAIN_BYTES = 1024 * 1024;
    private final JsonNode body;

    private JsonInput(JsonNode body) {
        this.body = body;
    }

    /** The body as a JSON object; an empty body counts as {@code {}}. */
    public static JsonInput of(Context ctx) {
        byte[] bytes = readBounded(ctx);
        if (bytes.length == 0) {
            return new JsonInput(WireJson.mapper().createObjectNode());
        }
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, net.flydex.protocol.ErrorCode.BAD_REQUEST, "send JSON with Content-Type: application/json");
        }
        try {
            JsonNode node = WireJson.mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return new JsonInput(node);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
    }

    public String requiredString(String field, int maxLength) {
        return optionalString(field, maxLength).orElseThrow(() -> ApiException.badRequest(field + " is required"));
    }

    public Optional<String> optionalString(String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        String text = value.asString();
        if (text.length() > maxLength) {
            throw ApiException.badRequest(field + " is longer than " + maxLength + " characters");
        }
        return Optional.of(text);
    }

    public boolean flag(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field + " must be true or false");
        }
        return value.asBoolean();
    }

    public JsonNode raw() {
        return body;
    }

    /** The raw body, bounded like JSON bodies: for routes that verify a signature over the exact bytes. */
    public static byte[] boundedBody(Context ctx) {
        return readBounded(ctx);
    }

    private static byte[] readBounded(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(Limits.MAX_HTTP_BODY_BYTES + 1);
            if (bytes.length > Limits.MAX_HTTP_BODY_BYTES) {
                // Read (and drop) a bounded amount more, so a client still sending gets the 413
                // instead of a reset connection.
                drain(in);
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read");
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long drained = 0;
        for (int n = in.read(buffer); n > 0 && drained < OVERSIZE_DRAIN_BYTES; n = in.read(buffer)) {
            drained += n;
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, net.flydex.protocol.ErrorCode.BAD_REQUEST,
                "the body is larger than " + Limits.MAX_HTTP_BODY_BYTES + " bytes");
    }
}
