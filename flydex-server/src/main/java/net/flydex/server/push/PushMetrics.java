package net.flydex.server.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** Web Push meters in the node's registry: outcomes by a fixed label, never an account, device or endpoint. */
final class PushMetrics {
    /** What became of one send attempt, or of a push that never got one. */
    enum Outcome {
        /** The push service accepted it (201). */
        DELIVERED,
        /** 404/410: the subscription is gone and was deleted. */
        GONE,
        /** 413: the payload was too large (a bug: payloads are sized to fit). */
        TOO_LARGE,
        /** Another 4xx or a 3xx (redirects are not followed): not retried. */
        REJECTED,
        /** 429, 5xx or a network failure: tried again later. */
        RETRIED,
        /** Gave up: retries exhausted or the retry queue full. */
        FAILED,
        /** Never sent: the trigger queue was full, too many sends awaited answers, or the subscription's VAPID key is no longer the deployment's. */
        DROPPED
    }

    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Timer latency;
    private final MeterRegistry registry;

    PushMetrics(MeterRegistry registry, Supplier<Number> inFlight) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("flydex.push.sent").tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Web Push send attempts by outcome").register(registry));
        }
        latency = Timer.builder("flydex.push.latency").description("From a push's trigger to the push service's answer")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        Gauge.builder("flydex.push.in.flight", inFlight).description("Pushes sent and awaiting the push service's answer").register(registry);
    }

    void queue(Supplier<Number> waiting) {
        Gauge.builder("flydex.push.queue", waiting).description("Push work waiting for the trigger thread").register(registry);
    }

    void count(Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    void latency(long sinceNanos) {
        latency.record(Duration.ofNanos(System.nanoTime() - sinceNanos));
    }
}
