package net.flydex.bench;

import java.util.Arrays;

/** One side's round-trip times, summarized in microseconds. */
record Latencies(int count, double p50, double p90, double p99, double max, double mean) {
    private static final double NANOS_PER_MICRO = 1_000.0;
    private static final double MEDIAN = 50;
    private static final double P90 = 90;
    private static final double P99 = 99;
    private static final double PERCENT = 100;

    static Latencies of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, micros(sorted, MEDIAN), micros(sorted, P90), micros(sorted, P99),
                sorted[sorted.length - 1] / NANOS_PER_MICRO, Arrays.stream(sorted).average().orElse(Double.NaN) / NANOS_PER_MICRO);
    }

    /** Nearest-rank percentile: always an observed value, no interpolation between samples. */
    private static double micros(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / PERCENT * sorted.length);
        return sorted[Math.max(0, rank - 1)] / NANOS_PER_MICRO;
    }
}
