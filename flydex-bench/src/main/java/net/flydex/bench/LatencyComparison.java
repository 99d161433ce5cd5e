package net.flydex.bench;

import java.util.function.ToDoubleFunction;

/**
 * The result of {@link LatencyBench}.
 *
 * @param listed threads each {@code thread/list} returned (the same on both sides)
 */
record LatencyComparison(Latencies bridge, Latencies direct, int listed) {

    /** Bridge over direct for one figure: 1.0 means the bridge adds nothing. */
    double ratio(ToDoubleFunction<Latencies> figure) {
        return figure.applyAsDouble(bridge) / figure.applyAsDouble(direct);
    }

    /** Bridge minus direct for one figure, in microseconds: the added time itself. */
    double difference(ToDoubleFunction<Latencies> figure) {
        return figure.applyAsDouble(bridge) - figure.applyAsDouble(direct);
    }
}
