package net.flydex.bench;

import java.util.EnumMap;
import java.util.Map;

/** Laps of one timed sequence: each step's milliseconds since the previous step ended. */
final class StepTimer<S extends Enum<S>> {
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private final Map<S, Double> laps;
    private final long started = System.nanoTime();
    private long last = started;

    StepTimer(Class<S> steps) {
        this.laps = new EnumMap<>(steps);
    }

    /** Ends {@code step} now. */
    void lap(S step) {
        long now = System.nanoTime();
        laps.put(step, (now - last) / NANOS_PER_MILLI);
        last = now;
    }

    Map<S, Double> laps() {
        return Map.copyOf(laps);
    }

    /** From construction to the last lap. */
    double totalMillis() {
        return (last - started) / NANOS_PER_MILLI;
    }
}
