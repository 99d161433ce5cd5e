package net.flydex.server.cluster;

import io.lettuce.core.RedisException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import net.flydex.server.machines.AgentConnection;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.metrics.NodeMetrics;
import net.flydex.server.relay.MachineRef;
import net.flydex.server.relay.RelayBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay bus of a cluster, over Redis pub/sub. A frame for a helper connected here is handed
 * to it directly; one for a helper on another node is published on that node's channel
 * ({@link Cluster#nodeChannel}), found through {@link ClusterPresence}. Frames from this node's
 * helpers reach this node's relay directly and every other node's through the shared channel.
 * Each message carries a request id in its envelope, logged where it is published and where it
 * is handled, so one message can be followed across nodes without logging what it carries.
 */
final class RedisRelayBus implements RelayBus {
    private static final Logger log = LoggerFactory.getLogger(RedisRelayBus.class);

    private final String node;
    private final RedisLink redis;
    private final AgentConnections agents;
    private final ClusterPresence presence;
    private final NodeMetrics metrics;
    private final Clock clock;
    private final List<BiConsumer<MachineRef, String>> receivers = new CopyOnWriteArrayList<>();
    private final RequestIds requestIds;

    RedisRelayBus(String node, RedisLink redis, AgentConnections agents, ClusterPresence presence, NodeMetrics metrics, Clock clock) {
        this.node = node;
        this.requestIds = new RequestIds(node);
        this.redis = redis;
        this.agents = agents;
        this.presence = presence;
        this.metrics = metrics;
        this.clock = clock;
        agents.onFrame(this::fromLocalAgent);
    }

    @Override
    public Delivery toAgent(MachineRef machine, String frame) {
        Optional<AgentConnection> local = agents.find(machine.accountId(), machine.machineId());
        if (local.isPresent()) {
            local.get().send(frame);
            return Delivery.SENT;
        }
        Optional<String> holder = presence.nodeOf(machine.accountId(), machine.machineId()).filter(n -> !n.equals(node));
        if (holder.isEmpty()) {
            return Delivery.OFFLINE;
        }
        String requestId = requestIds.forFrame(frame);
        var message = new BusMessage.ToAgent(node, clock.millis(), requestId, machine.accountId(), machine.machineId());
        try {
            long receivers = redis.sync().publish(Cluster.nodeChannel(holder.get()), BusCodec.encode(message, frame));
            log.debug("bus request={} kind=toAgent machine={} to={} receivers={}", requestId, machine.machineId(), holder.get(), receivers);
            // Nobody listens on that node's channel: it died before its entries expired.
            return receivers > 0 ? Delivery.SENT : Delivery.OFFLINE;
        } catch (RedisException unreachable) {
            metrics.busFailure();
            log.debug("bus request={} kind=toAgent machine={} not sent: Redis unreachable", requestId, machine.machineId());
            return Delivery.UNAVAILABLE;
        }
    }

    @Override
    public void onAgentFrame(BiConsumer<MachineRef, String> receiver) {
        receivers.add(receiver);
    }

    /** A frame from a helper on this node: to this node's relay now, and to the others through Redis. */
    private void fromLocalAgent(AgentConnection connection, String frame) {
        var machine = new MachineRef(connection.accountId(), connection.machineId());
        receivers.forEach(receiver -> receiver.accept(machine, frame));
        String requestId = requestIds.forFrame(frame);
        var message = new BusMessage.FromAgent(node, clock.millis(), requestId, machine.accountId(), machine.machineId());
        redis.publishAsync(Cluster.ALL, BusCodec.encode(message, frame), metrics::busFailure);
        log.debug("bus request={} kind=fromAgent machine={}", requestId, machine.machineId());
    }

    /** A helper frame published by another node. */
    void received(BusMessage.FromAgent message, String frame) {
        if (message.node().equals(node)) {
            return; // Delivered here already, when the helper sent it.
        }
        log.debug("bus request={} kind=fromAgent machine={} from={}", message.requestId(), message.machineId(), message.node());
        var machine = new MachineRef(message.accountId(), message.machineId());
        receivers.forEach(receiver -> receiver.accept(machine, frame));
    }

    /** A frame another node's relay sent for a helper connected here. */
    void received(BusMessage.ToAgent message, String frame) {
        Optional<AgentConnection> local = agents.find(message.accountId(), message.machineId());
        log.debug("bus request={} kind=toAgent machine={} from={} delivered={}", message.requestId(), message.machineId(),
                message.node(), local.isPresent());
        if (local.isPresent()) {
            local.get().send(frame);
        } else {
            presence.notHere(message.accountId(), message.machineId());
        }
    }
}
