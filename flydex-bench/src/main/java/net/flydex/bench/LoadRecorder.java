package net.flydex.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load's browsers saw in one measured window: round-trip times, error answers by code,
 * and sockets the server closed. Samples beyond {@link #MAX_SAMPLES} are counted, not kept.
 */
final class LoadRecorder {
    /** Enough for a minute at well over the rates this machine reaches; memory stays at 40 MB. */
    static final int MAX_SAMPLES = 5_000_000;

    private final long[] samples = new long[MAX_SAMPLES];
    private final AtomicInteger count = new AtomicInteger();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder browserReconnects = new LongAdder();
    private volatile boolean recording;

    /** Starts a window, forgetting the previous one. */
    void begin() {
        count.set(0);
        errors.clear();
        browserReconnects.reset();
        recording = true;
    }

    void end() {
        recording = false;
    }

    void roundTrip(long nanos) {
        if (recording) {
            int i = count.getAndIncrement();
            if (i < MAX_SAMPLES) {
                samples[i] = nanos;
            }
        }
    }

    void error(String code) {
        if (recording) {
            errors.computeIfAbsent(code, c -> new LongAdder()).increment();
        }
    }

    void browserReconnect() {
        if (recording) {
            browserReconnects.increment();
        }
    }

    int roundTrips() {
        return count.get();
    }

    Latencies latencies() {
        return Latencies.of(Arrays.copyOf(samples, Math.min(count.get(), MAX_SAMPLES)));
    }

    Map<String, Long> errors() {
        var sorted = new TreeMap<String, Long>();
        errors.forEach((code, n) -> sorted.put(code, n.sum()));
        return sorted;
    }

    long browserReconnects() {
        return browserReconnects.sum();
    }
}
