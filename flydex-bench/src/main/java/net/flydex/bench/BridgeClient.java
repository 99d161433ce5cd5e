package net.flydex.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.flydex.helper.bridge.CodexBridge;
import net.flydex.helper.codex.CodexConfig;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.CodexStatus;
import tools.jackson.databind.JsonNode;

/** Requests through {@link CodexBridge#call}, exactly as the helper forwards a browser's rpc. */
final class BridgeClient implements AppServerClient {
    /** How often start-up checks whether the bridge is ready; small next to Codex's start time. */
    private static final Duration READY_POLL = Duration.ofMillis(10);

    private final CodexBridge bridge;
    private final Duration callTimeout;

    private BridgeClient(CodexBridge bridge, Duration callTimeout) {
        this.bridge = bridge;
        this.callTimeout = callTimeout;
    }

    /** Starts the bridge (which spawns its own private app-server) and waits until it is ready. */
    static BridgeClient start(CodexConfig config, Duration callTimeout, Duration startLimit) {
        var bridge = new CodexBridge(config, event -> { }, Clock.systemUTC());
        bridge.start();
        var client = new BridgeClient(bridge, callTimeout);
        long deadline = System.nanoTime() + startLimit.toNanos();
        while (bridge.status() != CodexStatus.READY) {
            if (System.nanoTime() - deadline > 0) {
                client.close();
                throw new IllegalStateException("the bridge was not ready within " + startLimit + ": "
                        + bridge.status().wire() + bridge.statusMessage().map(m -> " (" + m + ")").orElse(""));
            }
            Pause.of(READY_POLL);
        }
        return client;
    }

    @Override
    public JsonNode call(String method, JsonNode params) {
        try {
            return bridge.call(method, params).get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("bridge " + method + " failed: " + RpcException.of(e).getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("bridge " + method + " took longer than " + callTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during bridge " + method, e);
        }
    }

    @Override
    public void close() {
        bridge.close();
    }
}
