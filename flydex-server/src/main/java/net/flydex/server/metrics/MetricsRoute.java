package net.flydex.server.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import net.flydex.server.http.ApiException;

/**
 * {@code GET /metrics}: this node's metrics for Prometheus. Only a scraper holding the metrics
 * token may read them ({@code Authorization: Bearer <token>}); without a configured token the
 * route answers 404 like any unknown path, so nothing about the node is public by default.
 */
public final class MetricsRoute {
    private final NodeMetrics metrics;
    private final Optional<String> token;

    public MetricsRoute(NodeMetrics metrics, Optional<String> token) {
        this.metrics = metrics;
        this.token = token;
    }

    public void register(RoutesConfig routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        if (token.isEmpty()) {
            throw ApiException.notFound();
        }
        String presented = Optional.ofNullable(ctx.header("Authorization")).filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7))
                .orElse("");
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, net.flydex.protocol.ErrorCode.UNAUTHORIZED, "a valid metrics token is required");
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
