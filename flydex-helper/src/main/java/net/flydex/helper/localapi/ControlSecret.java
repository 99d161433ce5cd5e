package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The per-start secret from the 0600 control file, as the CLI-only routes check it:
 * {@code Authorization: Bearer <secret>}, compared in constant time. Those routes also refuse any
 * request with an {@code Origin} before they run ({@link Endpoint#forBrowsers}), so no web page
 * can use them even if it learnt the secret.
 */
final class ControlSecret {
    private static final String BEARER = "Bearer ";

    private final byte[] secret;

    ControlSecret(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    boolean presentedIn(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] presented = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(presented, secret);
    }
}
