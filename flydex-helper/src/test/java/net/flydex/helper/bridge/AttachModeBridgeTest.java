package net.flydex.helper.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.Decision;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.ResolvedBy;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;

/**
 * The bridge attached to the shared Codex daemon - the one the person's own TUI sessions run on -
 * with a second daemon client standing in for that TUI.
 */
class AttachModeBridgeTest extends BridgeContractTest {

    @Override
    protected BridgeHarness openBridge() {
        return new BridgeHarness(Optional.of(codex.install().binary()), codex.daemonHome().dir(), CodexMode.ATTACH);
    }

    private Path socket() {
        return codex.daemonHome().dir().resolve("app-server-control/app-server-control.sock");
    }

    @Test
    void theHelperAnswersAnApprovalForATurnStartedAtTheDesk() throws Exception {
        try (var desk = new DeskClient(socket())) {
            String thread = desk.startThread(work);
            desk.startTurn(thread, "CMD: echo from-desk > desk.txt");

            Approval approval = harness.awaitApproval(thread);
            assertThat(approval.command()).hasValueSatisfying(c -> assertThat(c).contains("from-desk"));
            desk.awaitRequest(thread);

            var result = harness.respond(approval.approvalId(), "accept", "k-desk-turn");

            assertThat(result.path("decision").asString()).isEqualTo("accept");
            assertThat(result.path("resolvedBy").asString()).isEqualTo("flydex");
            await().atMost(BridgeHarness.WAIT).until(() -> desk.saw("turn/completed", thread));
            assertThat(desk.saw("serverRequest/resolved", thread)).isTrue();
            assertThat(harness.awaitCommandCompleted(thread).path("status").asString()).isEqualTo("completed");
            assertThat(Files.readString(work.resolve("desk.txt"))).isEqualTo("from-desk\n");
        }
    }

    @Test
    void whenTheDeskAnswersFirstThePhoneIsToldTheDesksDecision() throws Exception {
        try (var desk = new DeskClient(socket())) {
            String thread = desk.startThread(work);
            desk.startTurn(thread, "CMD: echo refused > refused.txt");
            Approval approval = harness.awaitApproval(thread);

            desk.answer(desk.awaitRequest(thread), "decline");

            ApprovalResolution resolution = harness.awaitResolution(approval.approvalId());
            assertThat(resolution.decision()).isEqualTo(Decision.DECLINE);
            assertThat(resolution.resolvedBy()).isEqualTo(ResolvedBy.DESKTOP);
            assertThatThrownBy(() -> harness.respond(approval.approvalId(), "accept", "k-too-late"))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_RESOLVED));
            await().atMost(BridgeHarness.WAIT).until(() -> desk.saw("turn/completed", thread));
            assertThat(work.resolve("refused.txt")).doesNotExist();
        }
    }

    @Test
    void whenTheDeskAcceptsWhileThePhoneDeclinesTheRealOutcomeIsReported() throws Exception {
        try (var desk = new DeskClient(socket())) {
            String thread = desk.startThread(work);
            desk.startTurn(thread, "CMD: echo desk-won > won.txt");
            Approval approval = harness.awaitApproval(thread);

            desk.answer(desk.awaitRequest(thread), "accept");
            await().atMost(BridgeHarness.WAIT).until(() -> desk.saw("serverRequest/resolved", thread));
            ApprovalResolution resolution = harness.awaitResolution(approval.approvalId());

            assertThat(resolution.decision()).isEqualTo(Decision.ACCEPT);
            assertThat(resolution.resolvedBy()).isEqualTo(ResolvedBy.DESKTOP);
            await().atMost(BridgeHarness.WAIT).until(() -> Files.exists(work.resolve("won.txt")));
        }
    }

    @Test
    void aDaemonKilledMidTurnIsRestartedAndItsPendingApprovalCancelled() throws Exception {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "CMD: echo gone > gone.txt");
        Approval approval = harness.awaitApproval(thread);

        long daemonPid = WireJson.mapper().readTree(Files.readString(
                codex.daemonHome().dir().resolve("app-server-daemon/daemon.pid"))).path("pid").asLong();
        ProcessHandle.of(daemonPid).orElseThrow().destroyForcibly();

        ApprovalResolution resolution = harness.awaitResolution(approval.approvalId());
        assertThat(resolution.decision()).isEqualTo(Decision.CANCEL);
        assertThat(resolution.resolvedBy()).isEqualTo(ResolvedBy.CODEX_EXITED);
        harness.awaitEvent(BridgeEvent.StatusChanged.class, e -> e.status() == CodexStatus.ERROR);
        awaitRestartedAndReady();
        assertThat(harness.call("thread/list", "{\"limit\":1}").path("data").isArray()).isTrue();
        assertThat(work.resolve("gone.txt")).doesNotExist();
    }
}
