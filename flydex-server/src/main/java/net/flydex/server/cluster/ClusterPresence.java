package net.flydex.server.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.WireJson;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.machines.MachinePresence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Which node holds each machine's helper connection, across the cluster.
 *
 * <p>Every node keeps a view (machine → node, generation, Codex status) fed by presence messages
 * on the bus, and writes its own machines to Redis as entries that expire unless its heartbeat
 * renews them - so a node that joins later reads the current picture, and one that dies drops out
 * of it. A node whose heartbeat key stays missing for {@link #MISSED_BEATS_FOR_DEAD} beats is
 * taken for dead: its machines go offline in every view.
 *
 * <p>A machine connected twice keeps its newest connection: each connection gets a generation
 * from Redis's clock when it is welcomed, and the node holding an older generation closes its
 * connection with {@link AgentClose#REPLACED} when it learns of a newer one. The order is decided
 * once, so two nodes never take turns closing each other's connection. A machine that moves
 * between nodes is reported to the relay as offline then online, so requests sent to its old node
 * fail at once and browsers receive its pending approvals again.
 */
public final class ClusterPresence implements MachinePresence {
    /** How often a node renews its entries and checks the others'. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** Three heartbeats: one late beat does not make a live node's machines vanish. */
    static final Duration ENTRY_TTL = HEARTBEAT.multipliedBy(3);
    /** A node is dead when its heartbeat key is missing this many beats in a row (not just once, as after a Redis restart). */
    static final int MISSED_BEATS_FOR_DEAD = 2;
    private static final String MACHINE_KEY = "flydex:machine:";
    private static final String NODE_KEY = "flydex:node-alive:";
    /** Deletes a machine's entry only while it is still this connection's, so a newer holder's survives. */
    private static final String DELETE_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private static final Logger log = LoggerFactory.getLogger(ClusterPresence.class);

    /** Where one machine's helper is connected. */
    record Holder(String node, String accountId, long generation, CodexStatus codexStatus) {}

    private final String node;
    private final RedisLink redis;
    private final AgentConnections agents;
    private final Consumer<String> publish;
    private final Clock clock;
    private final Map<String, Holder> view = new HashMap<>();
    private final Map<String, Integer> missedBeats = new HashMap<>();
    private final List<Consumer<AgentConnections.Presence>> listeners = new CopyOnWriteArrayList<>();
    private boolean beatenBefore;

    /**
     * @param publish sends an encoded bus message to every node (this one included)
     */
    ClusterPresence(String node, RedisLink redis, AgentConnections agents, Consumer<String> publish, Clock clock) {
        this.node = node;
        this.redis = redis;
        this.agents = agents;
        this.publish = publish;
        this.clock = clock;
        agents.onPresence(this::localChanged);
    }

    @Override
    public synchronized Optional<CodexStatus> online(String accountId, String machineId) {
        return Optional.ofNullable(view.get(machineId)).filter(h -> h.accountId().equals(accountId)).map(Holder::codexStatus);
    }

    /** The node holding the machine's connection, if any (and if the machine is this account's). */
    synchronized Optional<String> nodeOf(String accountId, String machineId) {
        return Optional.ofNullable(view.get(machineId)).filter(h -> h.accountId().equals(accountId)).map(Holder::node);
    }

    /** How many machines are online in the whole cluster, as this node sees it. */
    synchronized int size() {
        return view.size();
    }

    @Override
    public void onPresence(Consumer<AgentConnections.Presence> listener) {
        listeners.add(listener);
    }

    @Override
    public void disconnect(String machineId, int code, String reason) {
        agents.disconnect(machineId, code, reason);
        publish.accept(BusCodec.encode(new BusMessage.Disconnect(node, clock.millis(), machineId, code, reason), ""));
    }

    /** Reads the entries other nodes wrote, so a node that starts late knows where machines are. */
    synchronized void load() {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.sync().scan(cursor, ScanArgs.Builder.matches(MACHINE_KEY + "*").limit(1000));
            if (!page.getKeys().isEmpty()) {
                for (KeyValue<String, String> entry : redis.sync().mget(page.getKeys().toArray(String[]::new))) {
                    if (entry.hasValue()) {
                        readEntry(entry.getValue()).filter(h -> !h.node().equals(node))
                                .ifPresent(h -> view.put(entry.getKey().substring(MACHINE_KEY.length()), h));
                    }
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    /** A helper connected to, changed state on, or left this node ({@link AgentConnections#onPresence}). */
    private synchronized void localChanged(AgentConnections.Presence presence) {
        String machineId = presence.machineId();
        Holder current = view.get(machineId);
        if (!presence.online()) {
            if (current == null || !current.node().equals(node)) {
                return; // Replaced by a newer connection on another node, which speaks for the machine now.
            }
            view.remove(machineId);
            deleteEntry(machineId, current);
            announce(current, presence, false);
            return;
        }
        boolean connectedHere = current != null && current.node().equals(node);
        long generation = connectedHere ? current.generation() : newGeneration();
        var holder = new Holder(node, presence.accountId(), generation, presence.codexStatus());
        if (current != null && !connectedHere && current.generation() > generation) {
            // A newer connection elsewhere was announced before this one's welcome reached us.
            agents.disconnect(machineId, AgentClose.REPLACED, "replaced by a newer connection of this machine");
            return;
        }
        view.put(machineId, holder);
        writeEntry(machineId, holder);
        announce(holder, presence, true);
        deliver(current, holder, machineId);
    }

    /** A presence message from the bus; this node's own were applied already when they happened. */
    synchronized void received(BusMessage.Presence message) {
        if (message.node().equals(node)) {
            return;
        }
        String machineId = message.machineId();
        Holder current = view.get(machineId);
        if (!message.online()) {
            if (current != null && current.node().equals(message.node()) && current.accountId().equals(message.accountId())
                    && (current.generation() == message.generation() || message.generation() == BusMessage.Presence.ANY_GENERATION)) {
                view.remove(machineId);
                deliver(current, null, machineId);
            }
            return;
        }
        if (current != null && current.generation() > message.generation()) {
            return; // Stale: a newer connection is known already.
        }
        var holder = new Holder(message.node(), message.accountId(), message.generation(), message.codexStatus());
        view.put(machineId, holder);
        missedBeats.remove(message.node());
        if (current != null && current.node().equals(node)) {
            agents.disconnect(machineId, AgentClose.REPLACED, "replaced by a newer connection of this machine");
        }
        deliver(current, holder, machineId);
    }

    /**
     * Another node sent a frame here for a machine this node does not hold: its view is stale (this
     * node's offline message was lost, say in a restart). Tells every node the machine is not here,
     * so the sender fails its request at once instead of waiting for the timeout.
     */
    synchronized void notHere(String accountId, String machineId) {
        Holder holder = view.get(machineId);
        boolean here = holder != null && holder.node().equals(node);
        if (!here && agents.find(accountId, machineId).isEmpty()) {
            publish.accept(BusCodec.encode(new BusMessage.Presence(node, clock.millis(), accountId, machineId, false, CodexStatus.ERROR,
                    BusMessage.Presence.ANY_GENERATION), ""));
        }
    }

    /** Another node asks for a machine's connection to be closed (revocation). */
    void received(BusMessage.Disconnect message) {
        if (!message.node().equals(node)) {
            agents.disconnect(message.machineId(), message.code(), message.reason());
        }
    }

    /**
     * Renews this node's entries and liveness key, and drops the machines of nodes that stopped
     * beating. When Redis lost this node's key (a restart without persistence), every local
     * machine is announced again so views everywhere are whole.
     */
    synchronized void heartbeat() {
        try {
            String alive = redis.sync().set(NODE_KEY + node, "1", SetArgs.Builder.nx().px(ENTRY_TTL.toMillis()));
            if ("OK".equals(alive) && beatenBefore) {
                log.info("cluster presence: Redis had lost this node's entries; announcing its {} machines again", localCount());
                view.forEach((machineId, holder) -> {
                    if (holder.node().equals(node)) {
                        publish.accept(presenceMessage(machineId, holder, true));
                    }
                });
            } else {
                redis.sync().pexpire(NODE_KEY + node, ENTRY_TTL.toMillis());
            }
            beatenBefore = true;
            view.forEach((machineId, holder) -> {
                if (holder.node().equals(node)) {
                    writeEntry(machineId, holder);
                }
            });
            dropDeadNodes();
        } catch (RedisException e) {
            log.warn("cluster presence: heartbeat failed ({}); retrying", e.getClass().getSimpleName());
        }
    }

    private void dropDeadNodes() {
        Set<String> others = view.values().stream().map(Holder::node).filter(n -> !n.equals(node)).collect(Collectors.toSet());
        missedBeats.keySet().retainAll(others);
        for (String other : others) {
            if (redis.sync().exists(NODE_KEY + other) > 0) {
                missedBeats.remove(other);
            } else if (missedBeats.merge(other, 1, Integer::sum) >= MISSED_BEATS_FOR_DEAD) {
                log.warn("cluster presence: node {} stopped beating; its machines are offline", other);
                missedBeats.remove(other);
                view.entrySet().removeIf(entry -> {
                    if (entry.getValue().node().equals(other)) {
                        deliver(entry.getValue(), null, entry.getKey());
                        return true;
                    }
                    return false;
                });
            }
        }
    }

    private long localCount() {
        return view.values().stream().filter(h -> h.node().equals(node)).count();
    }

    /** Tells this node's relay; a move between nodes is an offline followed by an online. */
    private void deliver(Holder before, Holder after, String machineId) {
        if (before != null && (after == null || !before.node().equals(after.node()))) {
            tell(new AgentConnections.Presence(before.accountId(), machineId, false, before.codexStatus()));
        }
        if (after != null) {
            tell(new AgentConnections.Presence(after.accountId(), machineId, true, after.codexStatus()));
        }
    }

    private void tell(AgentConnections.Presence presence) {
        listeners.forEach(listener -> listener.accept(presence));
    }

    private void announce(Holder holder, AgentConnections.Presence presence, boolean online) {
        publish.accept(presenceMessage(presence.machineId(), new Holder(holder.node(), holder.accountId(), holder.generation(),
                presence.codexStatus()), online));
    }

    private String presenceMessage(String machineId, Holder holder, boolean online) {
        return BusCodec.encode(new BusMessage.Presence(node, clock.millis(), holder.accountId(), machineId, online,
                holder.codexStatus(), holder.generation()), "");
    }

    /** Redis's clock in microseconds: one clock for every node, so "newest" means the same everywhere. */
    private long newGeneration() {
        try {
            List<String> time = redis.sync().time();
            return Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
        } catch (RedisException | NumberFormatException | IndexOutOfBoundsException e) {
            return clock.millis() * 1000; // Redis unreachable: this node's clock, until the next connection.
        }
    }

    private void writeEntry(String machineId, Holder holder) {
        redis.async().set(MACHINE_KEY + machineId, entry(holder), SetArgs.Builder.px(ENTRY_TTL.toMillis()));
    }

    private void deleteEntry(String machineId, Holder holder) {
        redis.async().eval(DELETE_IF_MINE, ScriptOutputType.INTEGER, new String[] {MACHINE_KEY + machineId}, entry(holder));
    }

    private static String entry(Holder holder) {
        return WireJson.mapper().writeValueAsString(holder);
    }

    private static Optional<Holder> readEntry(String text) {
        try {
            Holder holder = WireJson.mapper().readValue(text, Holder.class);
            return holder.node() == null || holder.accountId() == null || holder.codexStatus() == null
                    ? Optional.empty() : Optional.of(holder);
        } catch (JacksonException malformed) {
            return Optional.empty();
        }
    }
}
