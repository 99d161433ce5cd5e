package net.flydex.helper.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.flydex.helper.codex.CodexMode;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.Decision;
import net.flydex.protocol.ResolvedBy;
import org.junit.jupiter.api.Test;

/** The bridge over a private {@code codex app-server} on stdio. */
class PrivateModeBridgeTest extends BridgeContractTest {

    @Override
    protected BridgeHarness openBridge() {
        return new BridgeHarness(Optional.of(codex.install().binary()), codex.privateHome(work.resolve("codex-home")).dir(),
                CodexMode.PRIVATE);
    }

    @Test
    void theFirstAttemptEndsOnceTheSpawnedCodexIsReady() throws Exception {
        try (var fresh = openBridge()) {
            // What a helper giving way to Codex finds when it goes on: Codex ready, not merely answered.
            CodexStatus whenDone = fresh.bridge.firstAttempt().thenApply(done -> fresh.bridge.status())
                    .get(BridgeHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(whenDone).isEqualTo(CodexStatus.READY);
        }
    }

    @Test
    void codexKilledMidTurnIsRestartedAndItsPendingApprovalCancelled() throws Exception {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "CMD: echo crash > crash.txt");
        Approval approval = harness.awaitApproval(thread);
        long pid = harness.bridge.privatePid().orElseThrow();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        ApprovalResolution resolution = harness.awaitResolution(approval.approvalId());
        assertThat(resolution.decision()).isEqualTo(Decision.CANCEL);
        assertThat(resolution.resolvedBy()).isEqualTo(ResolvedBy.CODEX_EXITED);
        harness.awaitEvent(BridgeEvent.StatusChanged.class, e -> e.status() == CodexStatus.ERROR);
        awaitRestartedAndReady();
        assertThat(harness.bridge.privatePid()).isPresent().isNotEqualTo(Optional.of(pid));
        assertThat(work.resolve("crash.txt")).doesNotExist();

        // The restarted app-server forgot the thread; resuming it re-sends its sandbox, so an
        // approved write still works instead of failing on a read-only sandbox.
        harness.events.clear();
        harness.call("thread/resume", "{\"threadId\":\"" + thread + "\"}");
        harness.startTurn(thread, "CMD: echo recovered > recovered.txt");
        harness.respond(harness.awaitApproval(thread).approvalId(), "accept", "k-recovered");
        harness.awaitTurnCompleted(thread);
        assertThat(harness.awaitCommandCompleted(thread).path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(work.resolve("recovered.txt"))).isEqualTo("recovered\n");
    }

    /**
     * Codex stops waiting for a command after the call's {@code yield_time_ms} (5 s from the
     * scripted model) and answers "Process running with session ID n"; on a loaded machine even
     * {@code echo} in a login shell has taken that long. The scripted model then polls the
     * session, as a model would, so the turn ends only once the command ran - which every test
     * reading a command's file after {@code turn/completed} relies on.
     */
    @Test
    void aCommandThatOutlivesItsYieldTimeHasRunWhenItsTurnCompletes() throws Exception {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "CMD: sleep 6 && echo slow > slow.txt");
        harness.respond(harness.awaitApproval(thread).approvalId(), "accept", "k-slow");

        assertThat(harness.awaitTurnCompleted(thread).path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(work.resolve("slow.txt"))).isEqualTo("slow\n");
        assertThat(codex.model().requests()).filteredOn(r -> r.lastPrompt().orElse("").contains("slow.txt"))
                .anySatisfy(r -> assertThat(r.toolOutputsThisTurn()).anySatisfy(o -> assertThat(o).contains("Process running with session ID")));
    }

    @Test
    void answersAreReportedAsTheyWereSentWhenNoOtherClientCanAnswer() {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "CMD: echo quick");
        Approval approval = harness.awaitApproval(thread);

        long started = System.nanoTime();
        harness.respond(approval.approvalId(), "acceptForSession", "k-fast");

        // No grace wait: with a private app-server, what we sent is what happened.
        assertThat(System.nanoTime() - started).isLessThan(net.flydex.protocol.Limits.APPROVAL_OUTCOME_GRACE.toNanos());
        await().until(() -> harness.count(BridgeEvent.ApprovalResolved.class,
                e -> e.resolution().decision() == Decision.ACCEPT_FOR_SESSION) == 1);
    }
}
