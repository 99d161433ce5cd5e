package net.flydex.helper.bridge;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: each wait is drawn from the upper half of a doubling window,
 * so many helpers restarting at once spread out instead of retrying in lockstep.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration cap;
    private final RandomGenerator random;
    private Duration window;

    public Backoff(Duration initial, Duration cap, RandomGenerator random) {
        this.initial = initial;
        this.cap = cap;
        this.random = random;
        this.window = initial;
    }

    public synchronized Duration next() {
        long max = window.toMillis();
        window = window.multipliedBy(2).compareTo(cap) > 0 ? cap : window.multipliedBy(2);
        return Duration.ofMillis(max / 2 + random.nextLong(max / 2 + 1));
    }

    /** Sleeps for {@link #next()}; false if interrupted, which means "stop retrying". */
    public boolean pause() {
        try {
            Thread.sleep(next());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public synchronized void reset() {
        window = initial;
    }
}
