package net.flydex.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
import net.flydex.protocol.ErrorCode;

/**
 * This node's operator metrics, in Prometheus's text format at {@code GET /metrics}. Labels are
 * fixed, small sets (a direction, a connection kind, an error code): never an account, a machine,
 * an address or anything a frame carries.
 */
public final class NodeMetrics {
    /** Relay round trips (browser rpc to helper answer) span a fraction of a millisecond to Codex's timeout. */
    private static final Duration LATENCY_MIN = Duration.ofMillis(1);
    private static final Duration LATENCY_MAX = Duration.ofSeconds(60);

    /** Which way a relayed frame went. */
    public enum Direction {
        TO_AGENT("to_agent"), FROM_AGENT("from_agent");

        private final String label;

        Direction(String label) {
            this.label = label;
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer busLag;
    private final Counter busDropped;
    private final Counter busFailures;
    private final Counter agentReconnects;
    private final Timer relayLatency;

    public NodeMetrics() {
        busLag = Timer.builder("flydex.bus.lag").description("Time from publishing a bus message on one node to handling it on another")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        busDropped = Counter.builder("flydex.bus.dropped").description("Bus messages dropped as malformed").register(registry);
        busFailures = Counter.builder("flydex.bus.failures").description("Bus publishes that failed (Redis unreachable)").register(registry);
        agentReconnects = Counter.builder("flydex.agent.reconnects")
                .description("Helper connections that replaced an earlier one of the same machine").register(registry);
        relayLatency = Timer.builder("flydex.relay.latency").description("Browser rpc to the helper's answer, as this node saw it")
                .publishPercentileHistogram().minimumExpectedValue(LATENCY_MIN).maximumExpectedValue(LATENCY_MAX).register(registry);
    }

    /** Registers a gauge of connections of one kind ({@code agent}, {@code client}) held by this node. */
    public void connections(String kind, Supplier<Number> count) {
        Gauge.builder("flydex.connections", count).tag("kind", kind).description("Open WebSocket connections on this node")
                .register(registry);
    }

    /** Registers a gauge read from elsewhere (pending approvals, machines online in the cluster). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void relayed(Direction direction, int chars) {
        Counter.builder("flydex.relay.messages").tag("direction", direction.label).description("Frames relayed")
                .register(registry).increment();
        DistributionSummary.builder("flydex.relay.bytes").tag("direction", direction.label).baseUnit("bytes")
                .description("Size of relayed frames").register(registry).record(chars);
    }

    public void relayLatency(Duration took) {
        relayLatency.record(took);
    }

    /** An error the relay answered a browser with itself (refused, undeliverable, timed out). */
    public void error(ErrorCode code) {
        countError(code.wire());
    }

    /** An error a helper answered an rpc with; codes outside the protocol's count as {@code other}, so labels stay few. */
    public void helperError(String code) {
        countError(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).filter(code::equals).findFirst().orElse("other"));
    }

    private void countError(String code) {
        Counter.builder("flydex.relay.errors").tag("code", code).description("Rpc errors relayed or raised by the relay, by code")
                .register(registry).increment();
    }

    public void busLag(Duration lag) {
        busLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void busDropped() {
        busDropped.increment();
    }

    public void busFailure() {
        busFailures.increment();
    }

    public void agentReconnect() {
        agentReconnects.increment();
    }

    /** The registry itself, for a feature that keeps its own meters (Web Push); the same labelling rules apply. */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    /** Everything, in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }
}
