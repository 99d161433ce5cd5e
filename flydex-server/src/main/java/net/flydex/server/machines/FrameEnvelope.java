package net.flydex.server.machines;

import java.util.Optional;
import net.flydex.protocol.JsonLiteral;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The envelope of a relay frame - its top-level {@code type} and {@code id} - read from the text
 * without building the payload, so the relay can route a frame and pass the rest on as it came.
 * The whole text is still checked to be one well-formed JSON object with no duplicate keys (the
 * wire parser's own rules), so nothing is passed on that a peer would read differently.
 *
 * @param type the frame's {@code type}, empty string when absent or not a string
 * @param id the frame's {@code id}, when it is a string
 * @param text the frame as it arrived
 * @param idStart where the {@code id} value (with its quotes) starts in {@code text}, -1 without one
 * @param idEnd where it ends (exclusive)
 */
public record FrameEnvelope(String type, Optional<String> id, String text, int idStart, int idEnd) {

    /** The envelope of {@code text}; empty when it is not a well-formed JSON object. */
    public static Optional<FrameEnvelope> read(String text) {
        try (JsonParser parser = WireJson.mapper().createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String type = "";
            Optional<String> id = Optional.empty();
            int idStart = -1;
            int idEnd = -1;
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("type")) {
                    type = parser.getString();
                } else if (value == JsonToken.VALUE_STRING && name.equals("id")) {
                    id = Optional.of(parser.getString());
                    idStart = (int) parser.currentTokenLocation().getCharOffset();
                    idEnd = (int) parser.currentLocation().getCharOffset();
                } else {
                    parser.skipChildren(); // Still tokenized, so malformed or duplicate keys inside are caught.
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(new FrameEnvelope(type, id, text, idStart, idEnd));
        } catch (JacksonException malformed) {
            return Optional.empty();
        }
    }

    /**
     * The frame with its {@code id} replaced, every other byte as it came; the frame must have a string id.
     * Written into one builder of the final size, the id quoted as Jackson quotes it ({@link JsonLiteral}):
     * every answer to a browser passes here, and a sealed one is about 200 characters, which the two
     * substrings and their concatenation copied twice more, and a mapper's writer was set up for the id.
     */
    public String withId(String newId) {
        if (idStart < 0) {
            throw new IllegalStateException("the frame has no string id");
        }
        String id = JsonLiteral.string(newId);
        return new StringBuilder(text.length() - (idEnd - idStart) + id.length()).append(text, 0, idStart).append(id)
                .append(text, idEnd, text.length()).toString();
    }

    /**
     * A frame's {@code type} and {@code id} as a quick peek: the parser stops as soon as both are
     * seen (the relay and the helper write them first), so the payload is neither read nor checked.
     * For counting and timing only; routing uses {@link #read}, which checks the whole frame.
     */
    public record Head(String type, Optional<String> id) {}

    /** The {@link Head} of {@code text}; empty when it does not start as a JSON object with a string {@code type}. */
    public static Optional<Head> peek(String text) {
        String type = null;
        String id = null;
        try (JsonParser parser = WireJson.mapper().createParser(text)) {
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
        return type == null ? Optional.empty() : Optional.of(new Head(type, Optional.ofNullable(id)));
    }
}
