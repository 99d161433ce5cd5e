package net.flydex.server.metrics;

import java.util.Optional;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * A frame's {@code type} and {@code id}, read with a streaming parser that stops as soon as both
 * are seen (the relay and the helper write them first), so payloads are skipped, not read.
 */
record FrameHead(String type, Optional<String> id) {
    static Optional<FrameHead> read(String frame) {
        String type = null;
        String id = null;
        try (JsonParser parser = WireJson.mapper().createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME && (type == null || id == null)) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("type")) {
                    type = parser.getString();
                } else if (value == JsonToken.VALUE_STRING && name.equals("id")) {
                    id = parser.getString();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException malformed) {
            return Optional.empty();
        }
        return type == null ? Optional.empty() : Optional.of(new FrameHead(type, Optional.ofNullable(id)));
    }
}
