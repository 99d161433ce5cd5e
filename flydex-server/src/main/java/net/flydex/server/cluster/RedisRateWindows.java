package net.flydex.server.cluster;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.flydex.server.ratelimit.RateLimiter;

/**
 * Rate-limit windows shared by every node: one Redis counter per budget and key, created with the
 * window as its expiry, so the limits hold however requests spread over nodes.
 */
final class RedisRateWindows implements RateLimiter.SharedWindows {
    private static final String KEY = "flydex:rate:";
    /** Counts one use and answers {count, milliseconds until the window resets}, atomically. */
    private static final String COUNT = """
            local used = redis.call('incr', KEYS[1])
            if used == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end
            local left = redis.call('pttl', KEYS[1])
            if left < 0 then redis.call('pexpire', KEYS[1], ARGV[1]) left = tonumber(ARGV[1]) end
            return {used, left}""";

    private final RedisLink redis;

    RedisRateWindows(RedisLink redis) {
        this.redis = redis;
    }

    @Override
    public Optional<Use> count(String key, Duration window) {
        try {
            List<Long> answer = redis.sync().eval(COUNT, ScriptOutputType.MULTI, new String[] {KEY + key}, Long.toString(window.toMillis()));
            return Optional.of(new Use(answer.get(0), Duration.ofMillis(answer.get(1))));
        } catch (RedisException unreachable) {
            return Optional.empty();
        }
    }
}
