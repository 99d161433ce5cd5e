package net.flydex.server.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window counters per key ("signin:ip:1.2.3.4"). When a window is full, {@link #acquire}
 * says how long until it resets, for the {@code Retry-After} header.
 *
 * <p>A single node counts in its memory. A cluster counts in shared windows (Redis), so a client
 * spreading attempts over nodes gets no more; if those cannot be reached the node falls back to
 * its own counters, which still limit each node, rather than refuse everyone.
 */
public final class RateLimiter {
    /** A named budget: at most {@code permits} in each {@code window}. */
    public record Budget(String name, int permits, Duration window) {}

    /** Counters every node shares. */
    public interface SharedWindows {
        /** One use of the window {@code key}: the count so far in it, and the time until it resets. */
        record Use(long used, Duration resetsIn) {}

        /** Counts one use; the first use of a key opens a window of {@code window}. Empty when the counters cannot be reached. */
        Optional<Use> count(String key, Duration window);
    }

    private record Window(Instant start, int used) {}

    private static final int SWEEP_EVERY = 4096;
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final Clock clock;
    private final Optional<SharedWindows> shared;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private int calls;

    /** Counters in this node's memory. */
    public RateLimiter(Clock clock) {
        this(clock, Optional.empty());
    }

    public RateLimiter(Clock clock, Optional<SharedWindows> shared) {
        this.clock = clock;
        this.shared = shared;
    }

    /** Empty when allowed; otherwise how long the caller must wait. */
    public Optional<Duration> acquire(Budget budget, String key) {
        String name = budget.name() + ":" + key;
        Optional<SharedWindows.Use> use = shared.flatMap(windows -> windows.count(name, budget.window()));
        if (use.isPresent()) {
            return use.get().used() <= budget.permits() ? Optional.empty() : Optional.of(use.get().resetsIn());
        }
        if (shared.isPresent()) {
            log.warn("shared rate limits unreachable; counting on this node");
        }
        return acquireHere(budget, name);
    }

    private Optional<Duration> acquireHere(Budget budget, String name) {
        Instant now = clock.instant();
        Window window = windows.compute(name, (k, current) ->
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
