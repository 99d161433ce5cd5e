package net.flydex.server.ratelimit;

import java.time.Duration;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.http.ApiException;

/** Turns a refused {@link RateLimiter} acquire into 429 {@code rate_limited} with {@code Retry-After}. */
public final class RateLimitGuard {
    private final RateLimiter limiter;

    public RateLimitGuard(RateLimiter limiter) {
        this.limiter = limiter;
    }

    public void check(io.javalin.http.Context ctx, RateLimiter.Budget budget, String key) {
        limiter.acquire(budget, key).ifPresent(wait -> {
            ctx.header("Retry-After", Long.toString(Math.max(1, ceilSeconds(wait))));
            throw new ApiException(429, ErrorCode.RATE_LIMITED, "too many attempts; try again in a moment");
        });
    }

    private static long ceilSeconds(Duration wait) {
        return (wait.toMillis() + 999) / 1000;
    }
}
