package net.flydex.server.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * This node's two connections to Redis (Lettuce): one for commands, one subscribed to the bus
 * channels. Both reconnect by themselves after a Redis restart or outage, and the subscriber
 * subscribes again. While disconnected, commands fail at once instead of queueing, so the relay
 * can answer {@code relay_unavailable} rather than hang.
 */
public final class RedisLink implements AutoCloseable {
    /** A healthy Redis answers in well under a millisecond; this only bounds a stuck connection. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Reconnect attempts start fast (a restart takes a moment) and stay frequent, jittered so nodes spread out. */
    private static final Duration RECONNECT_FIRST = Duration.ofMillis(100);
    private static final Duration RECONNECT_CAP = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> subscriber;

    private RedisLink(ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> commands,
            StatefulRedisPubSubConnection<String, String> subscriber) {
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.subscriber = subscriber;
    }

    /** Connects to {@code url} ({@code redis://host:port} or {@code rediss://} with TLS); fails if Redis does not answer. */
    public static RedisLink connect(String url) {
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.equalJitter(RECONNECT_FIRST, RECONNECT_CAP, 2, TimeUnit.MILLISECONDS)).build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(url));
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
        try {
            return new RedisLink(resources, client, client.connect(), client.connectPubSub());
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    /** Blocking commands: for callers that need the answer (never on Lettuce's own threads). */
    RedisCommands<String, String> sync() {
        return commands.sync();
    }

    /** Fire-and-forget commands: for callers that must not wait. */
    RedisAsyncCommands<String, String> async() {
        return commands.async();
    }

    /** Publishes without waiting; a failure (Redis unreachable) is only counted by {@code onFailure}. */
    void publishAsync(String channel, String message, Runnable onFailure) {
        try {
            commands.async().publish(channel, message).exceptionally(failed -> {
                onFailure.run();
                return 0L;
            });
        } catch (io.lettuce.core.RedisException unreachable) {
            onFailure.run();
        }
    }

    boolean isConnected() {
        return commands.isOpen() && subscriber.isOpen();
    }

    /** Delivers every message of {@code channels} to {@code receiver}, on Lettuce's I/O thread: hand off at once. */
    void subscribe(BiConsumer<String, String> receiver, String... channels) {
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                receiver.accept(channel, message);
            }
        });
        subscriber.sync().subscribe(channels);
    }

    @Override
    public void close() {
        subscriber.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
