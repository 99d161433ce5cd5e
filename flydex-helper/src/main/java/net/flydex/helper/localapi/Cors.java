package net.flydex.helper.localapi;

import java.util.LinkedHashMap;
import java.util.Map;

/** The CORS headers for an origin {@link OriginPolicy} allowed; other origins get none. */
final class Cors {
    private Cors() {}

    private static final Map<String, String> PREFLIGHT = Map.of(
            "Access-Control-Allow-Methods", "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers", "Content-Type, " + WebCaller.CLIENT_HEADER,
            "Access-Control-Max-Age", "600",
            // Private Network Access: Chrome asks before a public page may reach 127.0.0.1.
            "Access-Control-Allow-Private-Network", "true");

    /** Echoes the one allowed origin - never {@code *} - and tells caches the answer depends on it. */
    static Map<String, String> headers(String allowedOrigin, boolean preflight) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", allowedOrigin);
        headers.put("Vary", "Origin");
        if (preflight) {
            headers.putAll(PREFLIGHT);
        }
        return headers;
    }
}
