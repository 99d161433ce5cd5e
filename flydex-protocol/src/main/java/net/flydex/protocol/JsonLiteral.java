package net.flydex.protocol;

import tools.jackson.core.io.JsonStringEncoder;

/**
 * JSON string literals written straight into text, exactly as Jackson writes them, for the
 * messages built without a tree: the few a helper sends before its mapper is ready (the first
 * {@code /v1/health} answer, Codex's {@code initialize}: the mapper's first use costs 60-100 ms of
 * a core at start) and the envelopes of sealed frames ({@link JsonText}, written for every rpc,
 * answer and event). Only Jackson's string encoder is loaded, never the mapper.
 */
public final class JsonLiteral {
    private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();

    private JsonLiteral() {}

    /** A JSON string literal: quotes, backslashes and control characters escaped as Jackson does. */
    public static String string(String value) {
        return append(new StringBuilder(value.length() + 2), value).toString();
    }

    /**
     * Appends {@code value} quoted. Most values (ids, versions, base64url) need no escaping: they
     * are appended whole after a scan, which costs a fraction of Jackson's escaping loop.
     */
    static StringBuilder append(StringBuilder out, String value) {
        out.append('"');
        if (plain(value)) {
            out.append(value);
        } else {
            ESCAPES.quoteAsString(value, out);
        }
        return out.append('"');
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
}
