package net.flydex.server.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import net.flydex.protocol.SealedFrames;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.machines.FrameEnvelope;
import net.flydex.server.relay.MachineRef;
import net.flydex.server.relay.RelayBus;

/**
 * Counts what crosses a relay bus - frames and their sizes each way, rpc round trips, delivery
 * failures, pending approvals ({@link RelayGauges}) - without changing it. Round trips are matched
 * by the relay id the server gave each rpc, read from the envelope's first fields
 * ({@link FrameEnvelope#peek}), never from the payload.
 */
public final class MeteredRelayBus implements RelayBus {
    /** Past the relay's own rpc timeout an answer never comes; forget the start time. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(2);
    /** Frame types towards a helper that it answers under their relay id: the round trips timed. */
    private static final Set<String> REQUESTS = Set.of("rpc", SealedFrames.HELLO, SealedFrames.INTRODUCE, SealedFrames.DECISION);

    private final RelayBus bus;
    private final NodeMetrics metrics;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final RelayGauges gauges;

    public MeteredRelayBus(RelayBus bus, NodeMetrics metrics) {
        this.bus = bus;
        this.metrics = metrics;
        this.gauges = new RelayGauges(metrics);
    }

    /** Presence as the relay hears it ({@code MachinePresence#onPresence}), for pending approvals and reconnects. */
    public void presence(AgentConnections.Presence presence) {
        gauges.presence(presence);
    }

    @Override
    public Delivery toAgent(MachineRef machine, String frame) {
        metrics.relayed(NodeMetrics.Direction.TO_AGENT, frame.length());
        Optional<String> relayId = FrameEnvelope.peek(frame).filter(head -> REQUESTS.contains(head.type())).flatMap(FrameEnvelope.Head::id);
        long now = System.nanoTime();
        relayId.ifPresent(id -> started.put(id, now));
        // A frame not delivered is counted as an error when the browser is answered (ClientEndpoint).
        Delivery delivery = bus.toAgent(machine, frame);
        if (delivery != Delivery.SENT) {
            relayId.ifPresent(started::remove);
        }
        forgetStale(now);
        return delivery;
    }

    @Override
    public void onAgentFrame(BiConsumer<MachineRef, String> receiver) {
        bus.onAgentFrame((machine, frame) -> {
            metrics.relayed(NodeMetrics.Direction.FROM_AGENT, frame.length());
            FrameEnvelope.peek(frame).ifPresent(head -> {
                if (head.type().equals("result") || head.type().equals("error")) {
                    head.id().map(started::remove).ifPresent(start -> metrics.relayLatency(Duration.ofNanos(System.nanoTime() - start)));
                }
                if (!head.type().equals("result") && !head.type().equals("event")) {
                    gauges.helperFrame(machine, head.type(), frame);
                }
            });
            receiver.accept(machine, frame);
        });
    }

    /** Rpcs whose answer went to another node or never came; swept now and then, cheaply. */
    private void forgetStale(long now) {
        if (started.size() > 1024 && (now & 0xFF) == 0) {
            started.values().removeIf(start -> now - start > FORGET_AFTER.toNanos());
        }
    }
}
