package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.WireJson;

/**
 * One answer of the local API. Every answer leaves through {@link #sendTo}, so none can miss the
 * headers that keep a browser from caching or sniffing it.
 *
 * @param body the serialized JSON, empty for no body
 */
record Reply(int status, Map<String, String> headers, byte[] body) {

    private static final Map<String, String> ALWAYS = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff");

    Reply {
        headers = Map.copyOf(headers);
    }

    /** Serializes now, so a value that cannot be written fails inside the route, not mid-reply. */
    static Reply json(int status, Object value) {
        return json(status, WireJson.mapper().writeValueAsBytes(value));
    }

    /** JSON already serialized. */
    static Reply json(int status, byte[] serialized) {
        return new Reply(status, Map.of("Content-Type", "application/json"), serialized);
    }

    /**
     * Also closes the connection: a refused request's body may be left unread, and a client that
     * reused the connection would have its next request read from the middle of that body.
     */
    static Reply error(int status, ErrorCode code, String message) {
        return error(status, code.wire(), message);
    }

    /** An error whose code is a wire name of its own (an end-to-end failure's). */
    static Reply error(int status, String code, String message) {
        return json(status, ErrorBody.of(code, message)).withHeader("Connection", "close");
    }

    static Reply noContent() {
        return new Reply(204, Map.of(), new byte[0]);
    }

    Reply withHeader(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    Reply withHeaders(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new Reply(status, merged, body);
    }

    /** The headers every answer carries, then this one's own. */
    Map<String, String> allHeaders() {
        Map<String, String> all = new LinkedHashMap<>(ALWAYS);
        all.putAll(headers);
        return all;
    }

    void sendTo(HttpExchange exchange) throws IOException {
        allHeaders().forEach(exchange.getResponseHeaders()::set);
        // HEAD answers carry the headers only; -1 tells the server there is no body to send.
        boolean withBody = body.length > 0 && !exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, withBody ? body.length : -1);
        if (withBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
