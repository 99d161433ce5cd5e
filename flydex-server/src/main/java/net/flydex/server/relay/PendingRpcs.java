package net.flydex.server.relay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.Limits;
import net.flydex.protocol.RpcError;
import net.flydex.server.security.Tokens;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rpcs sent to helpers and not answered yet, by the relay id the server gave each. An id is
 * unguessable and answered only by the machine it was sent to, so one helper cannot answer
 * another account's requests. Each settles once: answered, failed, or timed out.
 */
final class PendingRpcs {
    /**
     * Longer than the helper's own Codex timeout ({@link Limits#CODEX_REQUEST_TIMEOUT}), so a slow
     * Codex is reported by the helper as codex_timeout; past this the helper itself is unresponsive.
     */
    static final Duration TIMEOUT = Limits.CODEX_REQUEST_TIMEOUT.plusSeconds(10);
    private static final Executor TIMER = CompletableFuture.delayedExecutor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    private static final RpcError TIMED_OUT = new RpcError(ErrorCode.MACHINE_OFFLINE, "the machine did not answer in time");

    /** Who waits for an answer: a browser's rpc, or the relay itself. Called once, on the thread that settled it. */
    interface Waiter {
        /** The helper's {@code result} or {@code error} frame, still carrying the relay id. */
        void answered(ObjectNode frame);

        void failed(RpcError error);
    }

    private record Pending(MachineRef machine, Waiter waiter) {}

    private final Map<String, Pending> byRelayId = new ConcurrentHashMap<>();

    /** Registers a request to {@code machine}, failing it after {@link #TIMEOUT}; answers its relay id. */
    String add(MachineRef machine, Waiter waiter) {
        String relayId = Tokens.newId("rly");
        byRelayId.put(relayId, new Pending(machine, waiter));
        TIMER.execute(() -> fail(relayId, TIMED_OUT));
        return relayId;
    }

    /** An answer from {@code machine}'s helper; ignored unless that machine was asked under this id. */
    void answer(MachineRef machine, String relayId, ObjectNode frame) {
        Pending pending = byRelayId.get(relayId);
        if (pending != null && pending.machine().equals(machine) && byRelayId.remove(relayId, pending)) {
            pending.waiter().answered(frame);
        }
    }

    void fail(String relayId, RpcError error) {
        Pending pending = byRelayId.remove(relayId);
        if (pending != null) {
            pending.waiter().failed(error);
        }
    }

    /** Fails every request waiting on {@code machine}: its helper went away and will not answer. */
    void failAll(MachineRef machine, RpcError error) {
        byRelayId.forEach((relayId, pending) -> {
            if (pending.machine().equals(machine) && byRelayId.remove(relayId, pending)) {
                pending.waiter().failed(error);
            }
        });
    }
}
