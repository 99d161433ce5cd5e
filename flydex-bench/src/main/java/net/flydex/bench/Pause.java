package net.flydex.bench;

import java.time.Duration;

/** Sleeping in a bounded polling loop, where an interrupt means "stop the bench". */
final class Pause {
    private Pause() {}

    static void of(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
