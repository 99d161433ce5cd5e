package net.flydex.protocol;

import tools.jackson.core.io.JsonStringEncoder;

/**
 * A flat JSON object of string fields written straight into text, as Jackson would write the same
 * {@code ObjectNode} (the same escaping, no spaces), without building the tree first. For the
 * envelopes of sealed frames, written for every rpc, answer and event: building and writing a
 * tree of five strings cost about 0.5 µs a frame, this about a seventh of it (docs/benchmarks.md,
 * issue 14, fourth pass). Field names are the caller's constants and are written as they are.
 */
final class JsonText {
    private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();
    /** Room for the names, quotes and short fields around the longest value, so the builder is not grown. */
    private static final int SPARE_CHARS = 160;

    private final StringBuilder out;

    private JsonText(int longestValue, String type) {
        out = new StringBuilder(longestValue + SPARE_CHARS).append("{\"type\":");
        quoted(type);
    }

    /** An object whose first field is {@code "type"}; {@code longestValue}: a size hint (the sealed field's length). */
    static JsonText object(String type, int longestValue) {
        return new JsonText(longestValue, type);
    }

    JsonText field(String name, String value) {
        out.append(",\"").append(name).append("\":");
        quoted(value);
        return this;
    }

    /**
     * Most values (ids, base64url) need no escaping: they are appended whole after a scan, which
     * costs a fraction of Jackson's escaping loop; any other goes through Jackson's own escapes.
     */
    private void quoted(String value) {
        out.append('"');
        if (plain(value)) {
            out.append(value);
        } else {
            ESCAPES.quoteAsString(value, out);
        }
        out.append('"');
    }

    /** No control character, quote or backslash: what Jackson would write unchanged. */
    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    String end() {
        return out.append('}').toString();
    }
}
