package net.flydex.server.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.metrics.NodeMetrics;
import net.flydex.server.ratelimit.RateLimiter;
import net.flydex.server.relay.RelayBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of a cluster: the Redis link, presence, the relay bus and shared rate
 * limit windows. Messages arrive on two channels - {@link #ALL} (helper frames, presence,
 * revocations) and this node's own ({@link #nodeChannel}, frames for its helpers) - and are
 * handled in arrival order on one thread, off Lettuce's I/O thread (handlers may call Redis).
 */
public final class Cluster implements AutoCloseable {
    static final String ALL = "flydex:bus:all";
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    private final RedisLink redis;
    private final ClusterPresence presence;
    private final RedisRelayBus bus;
    private final RedisRateWindows rateWindows;
    private final String node;
    private volatile Runnable onGrantsChanged = () -> {};
    private final NodeMetrics metrics;
    private final Clock clock;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cluster-bus").factory());
    private final ScheduledExecutorService heartbeat =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cluster-heartbeat").factory());

    private Cluster(RedisLink redis, String node, AgentConnections agents, NodeMetrics metrics, Clock clock) {
        this.redis = redis;
        this.node = node;
        this.metrics = metrics;
        this.clock = clock;
        this.presence = new ClusterPresence(node, redis, agents, this::publishToAll, clock);
        this.bus = new RedisRelayBus(node, redis, agents, presence, metrics, clock);
        this.rateWindows = new RedisRateWindows(redis);
    }

    /** Connects to Redis, reads where machines are, subscribes and starts the heartbeat; fails if Redis does not answer. */
    public static Cluster join(String redisUrl, String node, AgentConnections agents, NodeMetrics metrics, Clock clock) {
        RedisLink redis = RedisLink.connect(redisUrl);
        try {
            var cluster = new Cluster(redis, node, agents, metrics, clock);
            cluster.presence.load();
            redis.subscribe((channel, message) -> cluster.dispatch(message), ALL, nodeChannel(node));
            cluster.heartbeat.scheduleAtFixedRate(cluster.presence::heartbeat, 0, ClusterPresence.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
            metrics.gauge("flydex.cluster.machines.online", "Machines online anywhere in the cluster, as this node sees it",
                    cluster.presence::size);
            return cluster;
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** The channel of frames for helpers connected to {@code node}. */
    static String nodeChannel(String node) {
        return "flydex:bus:node:" + node;
    }

    public ClusterPresence presence() {
        return presence;
    }

    public RelayBus bus() {
        return bus;
    }

    public RateLimiter.SharedWindows rateWindows() {
        return rateWindows;
    }

    /**
     * Tells every other node that a grant may have been taken away here (this node has already
     * looked its own grants up again). While Redis is away the message is lost; grants on other
     * nodes then stand until the next change, as they would for any event published meanwhile.
     */
    public void grantsChanged() {
        publishToAll(BusCodec.encode(new BusMessage.GrantsChanged(node, clock.millis()), ""));
    }

    /** What runs on this node when another node reports {@link #grantsChanged()}. */
    public void onGrantsChanged(Runnable receiver) {
        this.onGrantsChanged = receiver;
    }

    /** Whether both Redis connections are up (for {@code /healthz}). */
    public boolean connected() {
        return redis.isConnected();
    }

    private void dispatch(String text) {
        try {
            dispatcher.execute(() -> {
                try {
                    handle(text);
                } catch (RuntimeException e) {
                    log.warn("bus: a message could not be handled ({})", e.getClass().getSimpleName(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The node is shutting down: what arrives now has nobody left to serve.
        }
    }

    void handle(String text) {
        Optional<BusCodec.Decoded> decoded = BusCodec.decode(text);
        if (decoded.isEmpty()) {
            metrics.busDropped();
            log.debug("bus: dropped a malformed message");
            return;
        }
        BusMessage message = decoded.get().message();
        metrics.busLag(Duration.ofMillis(clock.millis() - message.sentAt()));
        switch (message) {
            case BusMessage.ToAgent toAgent -> bus.received(toAgent, decoded.get().frame());
            case BusMessage.FromAgent fromAgent -> bus.received(fromAgent, decoded.get().frame());
            case BusMessage.Presence changed -> presence.received(changed);
            case BusMessage.Disconnect disconnect -> presence.received(disconnect);
            case BusMessage.GrantsChanged changed -> {
                if (!changed.node().equals(node)) {
                    onGrantsChanged.run();
                }
            }
        }
    }

    private void publishToAll(String message) {
        redis.publishAsync(ALL, message, metrics::busFailure);
    }

    @Override
    public void close() {
        try {
            // Commands on one connection complete in order: once this answers, the presence
            // withdrawals of the sockets the node just closed have been published.
            redis.sync().ping();
        } catch (io.lettuce.core.RedisException unreachable) {
            log.debug("bus: Redis unreachable while stopping; other nodes will notice the missing heartbeat");
        }
        heartbeat.shutdownNow();
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
    }
}
