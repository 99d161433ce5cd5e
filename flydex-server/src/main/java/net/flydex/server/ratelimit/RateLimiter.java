package net.flydex.server.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters per key ("signin:ip:1.2.3.4"). When a window is full, {@link #acquire}
 * says how long until it resets, for the {@code Retry-After} header.
 *
 * <p>In-process: correct for one node. The scale-out work moves these counters to shared storage.
 */
public final class RateLimiter {
    /** A named budget: at most {@code permits} in each {@code window}. */
    public record Budget(String name, int permits, Duration window) {}

    private record Window(Instant start, int used) {}

    private static final int SWEEP_EVERY = 4096;

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private int calls;

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Empty when allowed; otherwise how long the caller must wait. */
    public Optional<Duration> acquire(Budget budget, String key) {
        Instant now = clock.instant();
        Window window = windows.compute(budget.name() + ":" + key, (k, current) ->
                current == null || !now.isBefore(current.start().plus(budget.window()))
                        ? new Window(now, 1)
                        : new Window(current.start(), current.used() + 1));
        sweepSometimes(now, budget.window());
        if (window.used() <= budget.permits()) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, window.start().plus(budget.window())));
    }

    /** Drops expired windows now and then, so memory stays bounded by active keys. */
    private void sweepSometimes(Instant now, Duration longest) {
        if (++calls % SWEEP_EVERY == 0) {
            windows.entrySet().removeIf(e -> now.isAfter(e.getValue().start().plus(longest.multipliedBy(4))));
        }
    }
}
