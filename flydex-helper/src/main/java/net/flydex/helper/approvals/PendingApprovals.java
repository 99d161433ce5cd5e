package net.flydex.helper.approvals;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalKind;
import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.Decision;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.Limits;
import net.flydex.protocol.ResolvedBy;
import tools.jackson.databind.JsonNode;

/**
 * Every approval Codex is waiting on, and the rules that make answering them safe:
 *
 * <ul>
 *   <li>a decision is sent to Codex at most once; a repeat with the same idempotency key gets the
 *       first result, any other later answer gets {@code already_resolved};
 *   <li>an approval is resolved only when Codex says so ({@code serverRequest/resolved}, or the
 *       turn ends) - never because a browser answered;
 *   <li>the reported outcome is what Codex applied. When other clients share the daemon (the TUI
 *       at the desk) the first answer wins and the loser gets no error, so the outcome is read
 *       from the item: Codex marks a refused item {@code declined} at once, while an accepted
 *       command only completes when it finishes - hence {@link Limits#APPROVAL_OUTCOME_GRACE}.
 * </ul>
 *
 * <p>Thread safety: all state is guarded by {@code this}; resolution callbacks run after the lock
 * is released.
 */
public final class PendingApprovals {

    /** Sends an answer to Codex; false when Codex is gone. */
    public interface CodexAnswers {
        boolean answer(JsonNode requestId, JsonNode result);
    }

    private enum Evidence { DECLINED, RAN }

    private static final class Entry {
        final Approval approval;
        final JsonNode requestId;
        final String method;
        final JsonNode params;
        final CompletableFuture<ApprovalResolution> outcome = new CompletableFuture<>();
        final Map<String, CompletableFuture<ApprovalResolution>> byKey = new HashMap<>();
        Optional<Decision> sent = Optional.empty();
        Optional<Evidence> evidence = Optional.empty();
        boolean codexResolved;
        ScheduledFuture<?> grace;

        Entry(Approval approval, JsonNode requestId, String method, JsonNode params) {
            this.approval = approval;
            this.requestId = requestId;
            this.method = method;
            this.params = params;
        }

        boolean done() {
            return outcome.isDone();
        }
    }

    private final CodexAnswers codex;
    private final BooleanSupplier soleClient;
    private final Consumer<ApprovalResolution> onResolved;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> byApprovalId = new LinkedHashMap<>();
    private final Map<String, Entry> byRequestId = new HashMap<>();
    private final List<Runnable> afterUnlock = new ArrayList<>();

    /**
     * @param soleClient true when no other client can answer (private mode), so what we sent is
     *     the outcome and no evidence needs waiting for
     */
    public PendingApprovals(CodexAnswers codex, BooleanSupplier soleClient, Consumer<ApprovalResolution> onResolved,
            ScheduledExecutorService scheduler, Clock clock) {
        this.codex = codex;
        this.soleClient = soleClient;
        this.onResolved = onResolved;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Records a server request; empty if it is not an approval or is a replay of a pending one. */
    public Optional<Approval> onServerRequest(JsonNode requestId, String method, JsonNode params, Optional<JsonNode> item) {
        synchronized (this) {
            Entry known = byRequestId.get(requestId.toString());
            if (known != null && !known.done()) {
                return Optional.empty(); // The daemon replays pending requests on resume.
            }
            Optional<Approval> approval = ApprovalRequests.toApproval(method, params, item, clock.instant());
            approval.ifPresent(a -> {
                Entry entry = new Entry(a, requestId, method, params);
                byApprovalId.put(a.approvalId(), entry);
                byRequestId.put(requestId.toString(), entry);
                evictResolved();
            });
            return approval;
        }
    }

    public synchronized List<Approval> pending() {
        return byApprovalId.values().stream().filter(e -> !e.done()).map(e -> e.approval).toList();
    }

    /** Sends a browser's answer to Codex, once; the future completes with Codex's real outcome. */
    public CompletableFuture<ApprovalResolution> respond(String approvalId, Answer answer, String idempotencyKey) {
        try {
            synchronized (this) {
                Entry entry = byApprovalId.get(approvalId);
                if (entry == null) {
                    throw new RpcException(ErrorCode.UNKNOWN_APPROVAL, "no such approval on this machine");
                }
                CompletableFuture<ApprovalResolution> first = entry.byKey.get(idempotencyKey);
                if (first != null) {
                    return first;
                }
                if (entry.done() || entry.sent.isPresent() || entry.codexResolved) {
                    throw new RpcException(ErrorCode.ALREADY_RESOLVED, "this approval was already answered");
                }
                checkFits(entry.approval.kind(), answer);
                if (!codex.answer(entry.requestId, DecisionEncoder.encode(entry.method, entry.params, answer))) {
                    throw new RpcException(ErrorCode.CODEX_UNAVAILABLE, "Codex is not running; the answer was not sent");
                }
                entry.sent = Optional.of(answer.decision());
                entry.byKey.put(idempotencyKey, entry.outcome);
                settle(entry);
                return entry.outcome;
            }
        } finally {
            runAfterUnlock();
        }
    }

    /** Codex's {@code serverRequest/resolved}: someone's answer was taken, or the request was dropped. */
    public void onRequestResolved(JsonNode requestId) {
        update(() -> {
            Entry entry = byRequestId.get(requestId.toString());
            if (entry != null) {
                entry.codexResolved = true;
                settle(entry);
            }
        });
    }

    /** An item finished; {@code status} {@code declined} means the request was refused. */
    public void onItemCompleted(String threadId, String itemId, String status) {
        update(() -> forItem(threadId, itemId, entry -> {
            entry.evidence = Optional.of(status.equals("declined") ? Evidence.DECLINED : Evidence.RAN);
            settle(entry);
        }));
    }

    /** Output from an item proves it was allowed to run. */
    public void onItemOutput(String threadId, String itemId) {
        update(() -> forItem(threadId, itemId, entry -> {
            if (entry.evidence.isEmpty()) {
                entry.evidence = Optional.of(Evidence.RAN);
                settle(entry);
            }
        }));
    }

    /** A turn ended: whatever it still waited on will never be asked again. */
    public void onTurnCompleted(String threadId, String turnId) {
        update(() -> unresolved().filter(e -> e.approval.threadId().equals(threadId) && e.approval.turnId().equals(turnId))
                .forEach(entry -> {
                    if (entry.codexResolved) {
                        // Answered, and the item or the grace will tell how: the end of the turn
                        // says nothing. A refused item is marked declined before its turn goes on,
                        // but an accepted command may still be running (Codex stops waiting for it
                        // after the call's yield_time_ms and the turn goes on without it).
                        return;
                    }
                    if (entry.sent.equals(Optional.of(Decision.CANCEL))) {
                        finish(entry, Decision.CANCEL, ResolvedBy.FLYDEX);
                    } else {
                        finish(entry, Decision.CANCEL, ResolvedBy.TURN_ENDED);
                    }
                }));
    }

    /** Codex went away: its pending requests died with it. */
    public void onCodexGone() {
        update(() -> unresolved().forEach(entry -> finish(entry, Decision.CANCEL, ResolvedBy.CODEX_EXITED)));
    }

    private void settle(Entry entry) {
        if (entry.done() || !entry.codexResolved) {
            return;
        }
        if (entry.sent.isPresent() && soleClient.getAsBoolean()) {
            finish(entry, entry.sent.get(), ResolvedBy.FLYDEX);
        } else if (entry.evidence.isPresent()) {
            finishFromEvidence(entry, entry.evidence.get());
        } else if (!hasItemEvidence(entry.approval.kind())) {
            finish(entry, entry.sent.orElse(Decision.ANSWERED), entry.sent.isPresent() ? ResolvedBy.FLYDEX : ResolvedBy.DESKTOP);
        } else if (entry.grace == null) {
            entry.grace = scheduler.schedule(() -> update(() -> {
                if (!entry.done()) {
                    finishFromEvidence(entry, entry.evidence.orElse(Evidence.RAN));
                }
            }), Limits.APPROVAL_OUTCOME_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void finishFromEvidence(Entry entry, Evidence evidence) {
        boolean declined = evidence == Evidence.DECLINED;
        Optional<Decision> ours = entry.sent.filter(d -> d.accepts() != declined);
        finish(entry, ours.orElse(declined ? Decision.DECLINE : Decision.ACCEPT),
                ours.isPresent() ? ResolvedBy.FLYDEX : ResolvedBy.DESKTOP);
    }

    private void finish(Entry entry, Decision decision, ResolvedBy by) {
        if (entry.grace != null) {
            entry.grace.cancel(false);
        }
        var resolution = new ApprovalResolution(entry.approval.approvalId(), decision, by);
        entry.outcome.complete(resolution);
        afterUnlock.add(() -> onResolved.accept(resolution));
    }

    private static boolean hasItemEvidence(ApprovalKind kind) {
        return kind == ApprovalKind.COMMAND || kind == ApprovalKind.FILE_CHANGE;
    }

    private java.util.stream.Stream<Entry> unresolved() {
        return List.copyOf(byApprovalId.values()).stream().filter(e -> !e.done());
    }

    private void forItem(String threadId, String itemId, Consumer<Entry> action) {
        unresolved().filter(e -> e.approval.itemId().equals(itemId) && e.approval.threadId().equals(threadId))
                .forEach(action);
    }

    private void evictResolved() {
        Iterator<Entry> oldest = byApprovalId.values().iterator();
        int excess = byApprovalId.size() - Limits.RESOLVED_APPROVALS_KEPT;
        while (excess > 0 && oldest.hasNext()) {
            Entry entry = oldest.next();
            if (entry.done()) {
                oldest.remove();
                byRequestId.remove(entry.requestId.toString(), entry);
                excess--;
            }
        }
    }

    private static void checkFits(ApprovalKind kind, Answer answer) {
        boolean fits = kind == ApprovalKind.USER_INPUT
                ? answer.decision() == Decision.CANCEL || answer.decision() == Decision.DECLINE
                        || (answer.decision() == Decision.ANSWERED && answer.answers().filter(JsonNode::isObject).isPresent())
                : answer.decision() != Decision.ANSWERED;
        if (!fits) {
            throw new RpcException(ErrorCode.BAD_REQUEST, kind == ApprovalKind.USER_INPUT
                    ? "answer questions with {\"answers\":{...}}, or decide cancel"
                    : "decision must be accept, acceptForSession, decline or cancel");
        }
    }

    private void update(Runnable change) {
        try {
            synchronized (this) {
                change.run();
            }
        } finally {
            runAfterUnlock();
        }
    }

    private void runAfterUnlock() {
        List<Runnable> callbacks;
        synchronized (this) {
            if (afterUnlock.isEmpty()) {
                return;
            }
            callbacks = List.copyOf(afterUnlock);
            afterUnlock.clear();
        }
        callbacks.forEach(Runnable::run);
    }
}
