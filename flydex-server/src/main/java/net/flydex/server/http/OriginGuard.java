package net.flydex.server.http;

import io.javalin.http.Context;
import java.util.Set;
import net.flydex.protocol.ErrorCode;

/**
 * Cross-site request forgery guard for state-changing requests: a browser always sends
 * {@code Origin} on them, so it must be FlyDex's own. A request without {@code Origin} is a
 * non-browser client (CLI, helper, tests) and is allowed - unless it relies on the session cookie,
 * which only a browser would send.
 */
public final class OriginGuard {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final String publicOrigin;

    public OriginGuard(String publicOrigin) {
        this.publicOrigin = publicOrigin;
    }

    public void check(Context ctx, boolean usesSessionCookie) {
        // A WebSocket upgrade is a GET, yet the socket it opens acts for the account (cross-site WebSocket hijacking).
        boolean upgrade = "websocket".equalsIgnoreCase(ctx.header("Upgrade"));
        if (SAFE_METHODS.contains(ctx.method().name()) && !upgrade) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin == null ? usesSessionCookie : !origin.equals(publicOrigin)) {
            throw new ApiException(403, ErrorCode.BAD_ORIGIN, "this request must come from " + publicOrigin);
        }
    }

    public String publicOrigin() {
        return publicOrigin;
    }
}
