package net.flydex.server.http;

import io.javalin.http.Context;

/** The caller's address, for rate limits and "requested from" on pairing claims. */
public final class ClientIp {
    private ClientIp() {}

    /**
     * The socket's peer address. Forwarded headers are not trusted: behind a load balancer they
     * must be configured explicitly (scale-out work), or any client could pick its own key.
     */
    public static String of(Context ctx) {
        return ctx.req().getRemoteAddr();
    }
}
