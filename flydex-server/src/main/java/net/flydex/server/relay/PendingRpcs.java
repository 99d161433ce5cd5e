package net.flydex.server.relay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.Limits;
import net.flydex.protocol.RpcError;
import net.flydex.server.machines.FrameEnvelope;
import net.flydex.server.security.Tokens;

/**
 * Rpcs sent to helpers and not answered yet, by the relay id the server gave each. An id is
 * unguessable and answered only by the machine it was sent to, so one helper cannot answer
 * another account's requests. Each settles once: answered, failed, or timed out.
 *
 * <p>Timeouts are found by one sweep a second while anything is pending, not by a timer per rpc:
 * arming and cancelling a timer for every rpc would wake the timer thread on every call.
 */
final class PendingRpcs {
    /**
     * Longer than the helper's own Codex timeout ({@link Limits#CODEX_REQUEST_TIMEOUT}), so a slow
     * Codex is reported by the helper as codex_timeout; past this the helper itself is unresponsive.
     */
    static final Duration TIMEOUT = Limits.CODEX_REQUEST_TIMEOUT.plusSeconds(10);
    /** How often pending rpcs are checked for their timeout: a timeout may fire up to this much late. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    private static final Executor SWEEP_TIMER = CompletableFuture.delayedExecutor(SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    private static final RpcError TIMED_OUT = new RpcError(ErrorCode.MACHINE_OFFLINE, "the machine did not answer in time");

    /** Who waits for an answer: a browser's rpc, or the relay itself. Called once, on the thread that settled it. */
    interface Waiter {
        /** The helper's {@code result} or {@code error} frame, still carrying the relay id. */
        void answered(FrameEnvelope frame);

        void failed(RpcError error);
    }

    private record Pending(MachineRef machine, Waiter waiter, long deadlineNanos) {}

    private final Map<String, Pending> byRelayId = new ConcurrentHashMap<>();
    private final AtomicBoolean sweepArmed = new AtomicBoolean();

    /** Registers a request to {@code machine}, failing it after {@link #TIMEOUT}; answers its relay id. */
    String add(MachineRef machine, Waiter waiter) {
        String relayId = Tokens.newId("rly");
        byRelayId.put(relayId, new Pending(machine, waiter, System.nanoTime() + TIMEOUT.toNanos()));
        armSweep();
        return relayId;
    }

    /** An answer from {@code machine}'s helper; ignored unless that machine was asked under this id. */
    void answer(MachineRef machine, String relayId, FrameEnvelope frame) {
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

    private void armSweep() {
        if (sweepArmed.compareAndSet(false, true)) {
            SWEEP_TIMER.execute(this::sweep);
        }
    }

    /** Fails what is past its deadline, then looks again in a second while anything is left. */
    private void sweep() {
        long now = System.nanoTime();
        byRelayId.forEach((relayId, pending) -> {
            if (now - pending.deadlineNanos() >= 0) {
                fail(relayId, TIMED_OUT);
            }
        });
        sweepArmed.set(false);
        if (!byRelayId.isEmpty()) {
            armSweep();
        }
    }
}
