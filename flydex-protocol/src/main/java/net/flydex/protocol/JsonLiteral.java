package net.flydex.protocol;

/**
 * JSON written by hand, for the few messages a helper sends before Jackson is ready: Jackson's
 * first use (the mapper, then a type's serializer) costs 60-100 ms of a core at start, and these
 * messages - the first {@code /v1/health} answer, Codex's {@code initialize} - are on the way to
 * being ready. Kept apart from {@link WireJson}, whose first use builds the mapper.
 */
public final class JsonLiteral {
    private JsonLiteral() {}

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    public static String string(String value) {
        var quoted = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
