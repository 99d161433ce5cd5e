package net.flydex.protocol;

/**
 * A flat JSON object of string fields written straight into text, as Jackson would write the same
 * {@code ObjectNode} (the same escaping, {@link JsonLiteral}; no spaces), without building the tree
 * first. For the envelopes of sealed frames, written for every rpc, answer and event: building and writing a
 * tree of five strings cost about 0.5 µs a frame, this about a seventh of it (docs/benchmarks.md,
 * issue 14, fourth pass). Field names are the caller's constants and are written as they are.
 */
final class JsonText {
    /** Room for the names, quotes and short fields around the longest value, so the builder is not grown. */
    private static final int SPARE_CHARS = 160;

    private final StringBuilder out;

    private JsonText(int longestValue, String type) {
        out = new StringBuilder(longestValue + SPARE_CHARS).append("{\"type\":");
        JsonLiteral.append(out, type);
    }

    /** An object whose first field is {@code "type"}; {@code longestValue}: a size hint (the sealed field's length). */
    static JsonText object(String type, int longestValue) {
        return new JsonText(longestValue, type);
    }

    JsonText field(String name, String value) {
        JsonLiteral.append(out.append(",\"").append(name).append("\":"), value);
        return this;
    }

    String end() {
        return out.append('}').toString();
    }
}
