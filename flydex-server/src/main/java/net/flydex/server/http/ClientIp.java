package net.flydex.server.http;

import io.javalin.http.Context;
import java.util.Collections;

/** The caller's address, for rate limits and "requested from" on pairing claims. */
public final class ClientIp {
    private final TrustedProxies proxies;

    public ClientIp(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    /**
     * The socket's peer address, or behind a trusted proxy ({@code --trusted-proxy}) the client it
     * forwarded for. {@code X-Forwarded-For} from anyone else is ignored, or any client could pick
     * its own rate-limit key.
     */
    public String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (proxies.isEmpty()) {
            return peer;
        }
        return proxies.clientOf(peer, Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
    }
}
