package net.flydex.helper.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.Decision;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.Limits;
import net.flydex.protocol.ResolvedBy;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * The approval rules in isolation, with the Codex side replaced by a recorder of answers. The
 * end-to-end behaviour against the real Codex is in the bridge tests.
 */
class PendingApprovalsTest {
    record Sent(JsonNode requestId, JsonNode result) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<ApprovalResolution> resolved = new CopyOnWriteArrayList<>();
    private final AtomicBoolean codexUp = new AtomicBoolean(true);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private boolean soleClient;
    private final PendingApprovals approvals = new PendingApprovals((id, result) -> codexUp.get() && sent.add(new Sent(id, result)),
            () -> soleClient, resolved::add, scheduler, Clock.systemUTC());

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private Approval command(int requestId, String itemId) {
        JsonNode params = WireJson.mapper().readTree("""
                {"threadId":"t1","turnId":"u1","itemId":"%s","command":"ls","cwd":"/w","reason":"look"}""".formatted(itemId));
        return approvals.onServerRequest(IntNode.valueOf(requestId), ApprovalRequests.COMMAND, params, Optional.empty()).orElseThrow();
    }

    @Test
    void approvalIdsAreUnguessableAndDistinct() {
        var ids = new java.util.HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(ApprovalRequests.newApprovalId());
        }
        assertThat(ids).hasSize(10_000).allSatisfy(id -> assertThat(id).hasSize(4 + 22));
    }

    @Test
    void aDecisionIsSentOnceAndTheSameKeyReturnsTheFirstResult() {
        soleClient = true;
        Approval approval = command(0, "call_1");

        CompletableFuture<ApprovalResolution> first = approvals.respond(approval.approvalId(), Answer.of(Decision.ACCEPT), "k");
        CompletableFuture<ApprovalResolution> again = approvals.respond(approval.approvalId(), Answer.of(Decision.DECLINE), "k");
        approvals.onRequestResolved(IntNode.valueOf(0));

        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().result().path("decision").asString()).isEqualTo("accept");
        assertThat(again).isSameAs(first);
        assertThat(first.join()).isEqualTo(new ApprovalResolution(approval.approvalId(), Decision.ACCEPT, ResolvedBy.FLYDEX));
        assertThat(resolved).hasSize(1);
    }

    @Test
    void aSecondDifferentAnswerIsAlreadyResolvedEvenBeforeCodexConfirms() {
        Approval approval = command(0, "call_1");
        approvals.respond(approval.approvalId(), Answer.of(Decision.ACCEPT), "k1");

        assertThatThrownBy(() -> approvals.respond(approval.approvalId(), Answer.of(Decision.DECLINE), "k2"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_RESOLVED));
        assertThat(sent).hasSize(1);
    }

    @Test
    void theCardStaysUntilCodexSaysItIsResolved() {
        Approval approval = command(0, "call_1");
        approvals.respond(approval.approvalId(), Answer.of(Decision.ACCEPT), "k1");

        assertThat(approvals.pending()).extracting(Approval::approvalId).containsExactly(approval.approvalId());
        approvals.onRequestResolved(IntNode.valueOf(0));
        approvals.onItemCompleted("t1", "call_1", "completed");
        assertThat(approvals.pending()).isEmpty();
    }

    @Test
    void aDeclineAtTheDeskIsReportedAsTheDesks() {
        Approval approval = command(3, "call_9");

        approvals.onRequestResolved(IntNode.valueOf(3));
        approvals.onItemCompleted("t1", "call_9", "declined");

        assertThat(resolved).containsExactly(new ApprovalResolution(approval.approvalId(), Decision.DECLINE, ResolvedBy.DESKTOP));
    }

    @Test
    void whenThePhonesAcceptLostToTheDesksDeclineTheDeclineIsReported() {
        Approval approval = command(3, "call_9");
        CompletableFuture<ApprovalResolution> outcome = approvals.respond(approval.approvalId(), Answer.of(Decision.ACCEPT), "k");

        approvals.onRequestResolved(IntNode.valueOf(3));
        approvals.onItemCompleted("t1", "call_9", "declined");

        assertThat(outcome.join()).isEqualTo(new ApprovalResolution(approval.approvalId(), Decision.DECLINE, ResolvedBy.DESKTOP));
    }

    @Test
    void aLongRunningAcceptedCommandIsReportedAcceptedAfterTheGraceWindow() {
        Approval approval = command(4, "call_long");
        approvals.onRequestResolved(IntNode.valueOf(4));

        assertThat(resolved).isEmpty();
        await().atMost(Limits.APPROVAL_OUTCOME_GRACE.multipliedBy(4)).until(() -> resolved.size() == 1);
        assertThat(resolved.getFirst()).isEqualTo(new ApprovalResolution(approval.approvalId(), Decision.ACCEPT, ResolvedBy.DESKTOP));
    }

    /**
     * Codex stops waiting for a command after the call's {@code yield_time_ms}, so a turn can end
     * before its accepted command's item completes (seen with a command outliving the yield: the
     * turn completed at 5.3 s, the item at 6.3 s). The turn's end is no sign of a decline.
     */
    @Test
    void aTurnThatEndsWhileTheAcceptedCommandStillRunsIsNotReportedDeclined() {
        Approval atTheDesk = command(10, "call_late");
        Approval fromThePhone = command(11, "call_phone");
        CompletableFuture<ApprovalResolution> phones = approvals.respond(fromThePhone.approvalId(), Answer.of(Decision.ACCEPT), "k");
        approvals.onRequestResolved(IntNode.valueOf(10));
        approvals.onRequestResolved(IntNode.valueOf(11));

        approvals.onTurnCompleted("t1", "u1");
        assertThat(resolved).isEmpty();
        approvals.onItemCompleted("t1", "call_late", "completed");
        approvals.onItemCompleted("t1", "call_phone", "completed");

        assertThat(resolved).containsExactly(new ApprovalResolution(atTheDesk.approvalId(), Decision.ACCEPT, ResolvedBy.DESKTOP),
                new ApprovalResolution(fromThePhone.approvalId(), Decision.ACCEPT, ResolvedBy.FLYDEX));
        assertThat(phones.join().decision()).isEqualTo(Decision.ACCEPT);
    }

    @Test
    void aTurnThatEndsWithNoSignOfTheItemLeavesTheOutcomeToTheGraceWindow() {
        Approval approval = command(12, "call_quiet");
        approvals.onRequestResolved(IntNode.valueOf(12));
        approvals.onTurnCompleted("t1", "u1");

        assertThat(resolved).isEmpty();
        await().atMost(Limits.APPROVAL_OUTCOME_GRACE.multipliedBy(4)).until(() -> resolved.size() == 1);
        assertThat(resolved.getFirst()).isEqualTo(new ApprovalResolution(approval.approvalId(), Decision.ACCEPT, ResolvedBy.DESKTOP));
    }

    @Test
    void outputFromTheItemProvesItRanWithoutWaiting() {
        Approval approval = command(5, "call_out");
        approvals.onRequestResolved(IntNode.valueOf(5));
        approvals.onItemOutput("t1", "call_out");

        assertThat(resolved).containsExactly(new ApprovalResolution(approval.approvalId(), Decision.ACCEPT, ResolvedBy.DESKTOP));
    }

    @Test
    void aTurnThatEndsFirstCancelsWhatItWaitedOn() {
        Approval approval = command(6, "call_x");
        approvals.onTurnCompleted("t1", "u1");

        assertThat(resolved).containsExactly(new ApprovalResolution(approval.approvalId(), Decision.CANCEL, ResolvedBy.TURN_ENDED));
        assertThatThrownBy(() -> approvals.respond(approval.approvalId(), Answer.of(Decision.ACCEPT), "k"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_RESOLVED));
        assertThat(sent).isEmpty();
    }

    @Test
    void codexGoingAwayCancelsEverythingPending() {
        Approval a = command(7, "call_a");
        Approval b = command(8, "call_b");
        approvals.onCodexGone();

        assertThat(resolved).extracting(ApprovalResolution::approvalId).containsExactlyInAnyOrder(a.approvalId(), b.approvalId());
        assertThat(resolved).allSatisfy(r -> assertThat(r.resolvedBy()).isEqualTo(ResolvedBy.CODEX_EXITED));
    }

    @Test
    void anAnswerThatCannotReachCodexIsNotRecorded() {
        Approval approval = command(9, "call_down");
        codexUp.set(false);
        assertThatThrownBy(() -> approvals.respond(approval.approvalId(), Answer.of(Decision.ACCEPT), "k"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CODEX_UNAVAILABLE));

        codexUp.set(true);
        approvals.respond(approval.approvalId(), Answer.of(Decision.ACCEPT), "k");
        assertThat(sent).hasSize(1);
    }

    @Test
    void aReplayedRequestForAPendingApprovalDoesNotMakeASecondCard() {
        command(10, "call_r");
        JsonNode params = WireJson.mapper().readTree("{\"threadId\":\"t1\",\"turnId\":\"u1\",\"itemId\":\"call_r\",\"command\":\"ls\"}");
        assertThat(approvals.onServerRequest(IntNode.valueOf(10), ApprovalRequests.COMMAND, params, Optional.empty())).isEmpty();
        assertThat(approvals.pending()).hasSize(1);
    }

    @Test
    void userInputNeedsAnswersAndIsSentInCodexShape() {
        soleClient = true;
        JsonNode params = WireJson.mapper().readTree("""
                {"threadId":"t1","turnId":"u1","itemId":"i1","questions":[{"id":"q1","question":"Which?"}]}""");
        Approval approval = approvals.onServerRequest(IntNode.valueOf(11), ApprovalRequests.USER_INPUT, params, Optional.empty()).orElseThrow();

        assertThatThrownBy(() -> approvals.respond(approval.approvalId(), Answer.of(Decision.ACCEPT), "k"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        approvals.respond(approval.approvalId(),
                new Answer(Decision.ANSWERED, Optional.of(WireJson.mapper().readTree("{\"q1\":\"Blue\"}"))), "k2");

        assertThat(sent.getFirst().result()).isEqualTo(WireJson.mapper().readTree("{\"answers\":{\"q1\":{\"answers\":[\"Blue\"]}}}"));
    }

    @Test
    void permissionsAreGrantedByEchoingTheRequestAndDeniedWithAnEmptyGrant() {
        JsonNode params = WireJson.mapper().readTree("""
                {"threadId":"t1","turnId":"u1","itemId":"p1","permissions":{"network":{"enabled":true}}}""");
        Approval grant = approvals.onServerRequest(IntNode.valueOf(12), ApprovalRequests.PERMISSIONS, params, Optional.empty()).orElseThrow();
        Approval deny = approvals.onServerRequest(IntNode.valueOf(13), ApprovalRequests.PERMISSIONS, params, Optional.empty()).orElseThrow();

        approvals.respond(grant.approvalId(), Answer.of(Decision.ACCEPT_FOR_SESSION), "a");
        approvals.respond(deny.approvalId(), Answer.of(Decision.DECLINE), "b");

        assertThat(sent.get(0).result().toString()).isEqualTo("{\"permissions\":{\"network\":{\"enabled\":true}},\"scope\":\"session\"}");
        assertThat(sent.get(1).result().toString()).isEqualTo("{\"permissions\":{},\"scope\":\"turn\"}");
    }

    @Test
    void legacyRequestsGetLegacyDecisions() {
        JsonNode params = WireJson.mapper().readTree("""
                {"conversationId":"c1","callId":"x1","command":["rm","-rf","build"],"cwd":"/w"}""");
        Approval approval = approvals.onServerRequest(IntNode.valueOf(14), ApprovalRequests.LEGACY_COMMAND, params, Optional.empty())
                .orElseThrow();
        assertThat(approval.command()).hasValue("rm -rf build");

        approvals.respond(approval.approvalId(), Answer.of(Decision.DECLINE), "k");

        assertThat(sent.getFirst().result().toString()).isEqualTo("{\"decision\":{\"denied\":{\"rejection\":\"Declined from FlyDex\"}}}");
    }

    @Test
    void resolvedApprovalsAreForgottenOnlyBeyondTheBound() {
        for (int i = 0; i < Limits.RESOLVED_APPROVALS_KEPT + 10; i++) {
            command(100 + i, "call_" + i);
        }
        approvals.onCodexGone();
        Approval fresh = command(99_999, "call_fresh");
        assertThat(approvals.pending()).containsExactly(fresh);
    }
}
