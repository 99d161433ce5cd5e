package net.flydex.helper.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalKind;
import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.Decision;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.ResolvedBy;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What the bridge must do in every mode, against the real Codex binary and the scripted model.
 * Subclasses choose the mode.
 */
abstract class BridgeContractTest {
    protected final SharedCodex codex = SharedCodex.get();
    protected BridgeHarness harness;
    @TempDir
    protected Path work;

    protected abstract BridgeHarness openBridge();

    @BeforeEach
    void open() {
        harness = openBridge().awaitReady();
    }

    @AfterEach
    void closeBridge() {
        harness.close();
    }

    @Test
    void acceptedCommandRunsAndItsOutputReachesTheModel() throws Exception {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "CMD: echo accepted > accept.txt && cat accept.txt");

        Approval approval = harness.awaitApproval(thread);
        assertThat(approval.kind()).isEqualTo(ApprovalKind.COMMAND);
        assertThat(approval.command()).hasValueSatisfying(c -> assertThat(c).contains("echo accepted > accept.txt"));
        assertThat(approval.cwd()).hasValue(work.toString());
        assertThat(approval.approvalId()).startsWith("apv_").hasSizeGreaterThan(20);

        JsonNode result = harness.respond(approval.approvalId(), "accept", "k-accept");
        assertThat(result.path("decision").asString()).isEqualTo("accept");
        assertThat(result.path("resolvedBy").asString()).isEqualTo("flydex");

        assertThat(harness.awaitTurnCompleted(thread).path("status").asString()).isEqualTo("completed");
        assertThat(harness.awaitCommandCompleted(thread).path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(work.resolve("accept.txt"))).isEqualTo("accepted\n");
        codex.model().awaitRequest(r -> r.toolOutputsThisTurn().stream().anyMatch(o -> o.contains("accepted")),
                BridgeHarness.WAIT);
        assertThat(harness.call("approvals/list", "{}").path("approvals")).isEmpty();
    }

    @Test
    void declinedCommandDoesNotRun() {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "CMD: echo nope > decline.txt");
        Approval approval = harness.awaitApproval(thread);

        JsonNode result = harness.respond(approval.approvalId(), "decline", "k-decline");

        assertThat(result.path("decision").asString()).isEqualTo("decline");
        assertThat(harness.awaitTurnCompleted(thread).path("status").asString()).isEqualTo("completed");
        // Declined, not merely unfinished: a command still running could write the file later.
        assertThat(harness.awaitCommandCompleted(thread).path("status").asString()).isEqualTo("declined");
        assertThat(work.resolve("decline.txt")).doesNotExist();
    }

    @Test
    void cancelEndsTheTurnInterrupted() {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "CMD: echo cancel > cancel.txt");
        Approval approval = harness.awaitApproval(thread);

        assertThat(harness.respond(approval.approvalId(), "cancel", "k-cancel").path("decision").asString()).isEqualTo("cancel");

        assertThat(harness.awaitTurnCompleted(thread).path("status").asString()).isEqualTo("interrupted");
        assertThat(work.resolve("cancel.txt")).doesNotExist();
    }

    @Test
    void acceptForSessionLetsTheSameCommandRunLaterWithoutAsking() throws Exception {
        String thread = harness.startThread(work);
        String command = "CMD: echo again >> session.txt";
        harness.startTurn(thread, command);
        harness.respond(harness.awaitApproval(thread).approvalId(), "acceptForSession", "k-session");
        harness.awaitTurnCompleted(thread);
        harness.awaitCommandCompleted(thread); // Before the clear, so the next one found is the second command's.
        harness.events.clear();

        harness.startTurn(thread, command);

        harness.awaitTurnCompleted(thread);
        assertThat(harness.awaitCommandCompleted(thread).path("status").asString()).isEqualTo("completed");
        assertThat(harness.count(BridgeEvent.ApprovalRequested.class, e -> e.approval().threadId().equals(thread))).isZero();
        assertThat(Files.readString(work.resolve("session.txt"))).isEqualTo("again\nagain\n");
    }

    @Test
    void aQuestionAskedInPlanModeIsAnsweredAndTheTurnGoesOnWithTheAnswer() {
        String thread = harness.startThread(work);
        harness.call("turn/start", turnInMode(thread, "ASK: Which colour? | Blue | Green", "plan"));
        Approval question = harness.awaitApproval(thread);
        assertThat(question.kind()).isEqualTo(ApprovalKind.USER_INPUT);
        assertThat(question.questions()).hasValueSatisfying(q -> assertThat(q.toString()).contains("Which colour?", "Green"));

        JsonNode result = harness.call("approval/respond", WireJson.mapper().readTree("""
                {"approvalId":"%s","answers":{"q1":["Green"]},"idempotencyKey":"k-question"}""".formatted(question.approvalId())));

        assertThat(result.path("decision").asString()).isEqualTo("answered");
        assertThat(harness.awaitTurnCompleted(thread).path("status").asString()).isEqualTo("completed");
        codex.model().awaitRequest(r -> r.toolOutputsThisTurn().stream().anyMatch(o -> o.contains("[\"Green\"]")), BridgeHarness.WAIT);

        // The mode sticks to the thread in Codex: a turn back in default mode cannot ask.
        harness.events.clear();
        harness.call("turn/start", turnInMode(thread, "ASK: And now?", "default"));
        harness.awaitTurnCompleted(thread);
        assertThat(harness.count(BridgeEvent.ApprovalRequested.class, e -> e.approval().threadId().equals(thread))).isZero();
        codex.model().awaitRequest(r -> r.toolOutputsThisTurn().stream().anyMatch(o -> o.contains("unavailable in Default mode")),
                BridgeHarness.WAIT);
    }

    private static JsonNode turnInMode(String threadId, String prompt, String mode) {
        var params = WireJson.mapper().createObjectNode().put("threadId", threadId);
        params.putArray("input").addObject().put("type", "text").put("text", prompt);
        params.putObject("collaborationMode").put("mode", mode).putObject("settings").put("model", "gpt-5.5");
        return params;
    }

    @Test
    void acceptedPatchWritesTheFileAndTheCardShowsTheDiff() throws Exception {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "PATCH: hello.txt hello from the phone");
        Approval approval = harness.awaitApproval(thread);
        assertThat(approval.kind()).isEqualTo(ApprovalKind.FILE_CHANGE);
        assertThat(approval.changes()).hasValueSatisfying(c -> assertThat(c.toString()).contains("hello from the phone"));

        harness.respond(approval.approvalId(), "accept", "k-patch");

        harness.awaitTurnCompleted(thread);
        assertThat(Files.readString(work.resolve("hello.txt"))).isEqualTo("hello from the phone\n");
    }

    @Test
    void declinedPatchWritesNothing() {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "PATCH: nope.txt should not exist");
        Approval approval = harness.awaitApproval(thread);

        assertThat(harness.respond(approval.approvalId(), "decline", "k-patch-no").path("decision").asString()).isEqualTo("decline");

        harness.awaitTurnCompleted(thread);
        assertThat(work.resolve("nope.txt")).doesNotExist();
    }

    @Test
    void interruptWhileAnApprovalIsPendingResolvesIt() {
        String thread = harness.startThread(work);
        String turn = harness.startTurn(thread, "CMD: echo late > late.txt");
        Approval approval = harness.awaitApproval(thread);

        harness.call("turn/interrupt", "{\"threadId\":\"" + thread + "\",\"turnId\":\"" + turn + "\"}");

        assertThat(harness.awaitTurnCompleted(thread).path("status").asString()).isEqualTo("interrupted");
        ApprovalResolution resolution = harness.awaitResolution(approval.approvalId());
        assertThat(resolution.decision()).isEqualTo(Decision.CANCEL);
        assertThat(resolution.resolvedBy()).isEqualTo(ResolvedBy.TURN_ENDED);
        assertThatThrownBy(() -> harness.respond(approval.approvalId(), "accept", "k-late"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_RESOLVED));
        assertThat(work.resolve("late.txt")).doesNotExist();
    }

    @Test
    void aDuplicateDecisionIsAppliedOnce() throws Exception {
        String thread = harness.startThread(work);
        harness.startTurn(thread, "CMD: echo once >> dup.txt");
        Approval approval = harness.awaitApproval(thread);

        JsonNode first = harness.respond(approval.approvalId(), "accept", "same-key");
        JsonNode replay = harness.respond(approval.approvalId(), "decline", "same-key");

        assertThat(replay).isEqualTo(first);
        assertThatThrownBy(() -> harness.respond(approval.approvalId(), "decline", "other-key"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_RESOLVED));
        harness.awaitTurnCompleted(thread);
        assertThat(harness.awaitCommandCompleted(thread).path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(work.resolve("dup.txt"))).isEqualTo("once\n");
        assertThat(harness.count(BridgeEvent.ApprovalResolved.class,
                e -> e.resolution().approvalId().equals(approval.approvalId()))).isEqualTo(1);
    }

    @Test
    void unknownApprovalsAndBadDecisionsAreRefused() {
        assertThatThrownBy(() -> harness.respond("apv_doesnotexist", "accept", "k"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_APPROVAL));
        assertThatThrownBy(() -> harness.call("approval/respond", "{\"approvalId\":\"apv_x\",\"decision\":\"approved\",\"idempotencyKey\":\"k\"}"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> harness.call("approval/respond", "{\"approvalId\":7,\"decision\":\"accept\"}"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void disallowedMethodsNeverReachCodex() {
        Path marker = work.resolve("pwned.txt");
        for (String method : new String[] {"command/exec", "fs/writeFile", "config/value/write", "thread/delete",
            "thread/unarchive", "thread/compact/start", ""}) {
            assertThatThrownBy(() -> harness.call(method,
                    "{\"command\":[\"touch\",\"" + marker + "\"],\"path\":\"" + marker + "\",\"cwd\":\"" + work + "\"}"))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED));
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void approvalsCannotBeSwitchedOffFromABrowser() {
        assertThatThrownBy(() -> harness.call("thread/start", "{\"cwd\":\"" + work + "\",\"approvalPolicy\":\"never\"}"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> harness.call("thread/start", "{\"cwd\":\"" + work + "\",\"sandbox\":\"danger-full-access\"}"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> harness.call("turn/start", "[1,2]"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void threadsCanBeListedPagedAndRead() {
        String first = harness.startThread(work);
        harness.startTurn(first, "SAY: first thread");
        harness.awaitTurnCompleted(first);
        String second = harness.startThread(work);
        harness.startTurn(second, "SAY: second thread");
        harness.awaitTurnCompleted(second);

        JsonNode page = harness.call("thread/list", "{\"limit\":1,\"cwd\":\"" + work + "\",\"sourceKinds\":[\"cli\",\"vscode\",\"exec\",\"appServer\"]}");
        assertThat(page.path("data")).hasSize(1);
        String cursor = page.path("nextCursor").asString();
        JsonNode next = harness.call("thread/list", "{\"limit\":1,\"cursor\":\"" + cursor + "\",\"cwd\":\"" + work
                + "\",\"sourceKinds\":[\"cli\",\"vscode\",\"exec\",\"appServer\"]}");
        assertThat(next.path("data")).hasSize(1);
        assertThat(java.util.Set.of(page.path("data").get(0).path("id").asString(), next.path("data").get(0).path("id").asString()))
                .containsExactlyInAnyOrder(first, second);

        assertThat(harness.call("thread/read", "{\"threadId\":\"" + first + "\"}").path("thread").path("id").asString()).isEqualTo(first);
        JsonNode turns = harness.call("thread/turns/list", "{\"threadId\":\"" + first + "\",\"itemsView\":\"full\"}");
        assertThat(turns.toString()).contains("first thread");
    }

    @Test
    void aThreadIsRenamedFoundByItsTitleAndArchived() {
        String id = harness.startThread(work);
        harness.startTurn(id, "SAY: a thread to rename");
        harness.awaitTurnCompleted(id);
        String list = "{\"cwd\":\"" + work + "\",\"sourceKinds\":[\"cli\",\"vscode\",\"exec\",\"appServer\"]";

        harness.call("thread/name/set", "{\"threadId\":\"" + id + "\",\"name\":\"Renamed from the phone\"}");
        assertThat(harness.call("thread/read", "{\"threadId\":\"" + id + "\"}").path("thread").path("name").asString())
                .isEqualTo("Renamed from the phone");
        assertThat(harness.call("thread/list", list + ",\"searchTerm\":\"from the phone\"}").path("data").findValuesAsString("id"))
                .containsExactly(id);
        assertThat(harness.call("thread/list", list + ",\"searchTerm\":\"nothing like it\"}").path("data")).isEmpty();

        harness.call("thread/archive", "{\"threadId\":\"" + id + "\"}");
        assertThat(harness.call("thread/list", list + "}").path("data").findValuesAsString("id")).doesNotContain(id);
        assertThat(harness.call("thread/list", list + ",\"archived\":true}").path("data").findValuesAsString("id")).contains(id);

        assertThatThrownBy(() -> harness.call("thread/archive", "{\"threadId\":\"" + id + "\",\"archived\":false}"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void theModelsCodexOffersAreListedWithTheirEfforts() {
        JsonNode models = harness.call("model/list", "{\"limit\":50}").path("data");

        assertThat(models).isNotEmpty();
        assertThat(models.get(0).path("model").asString()).isNotBlank();
        assertThat(models.findValues("supportedReasoningEfforts")).isNotEmpty();
        assertThatThrownBy(() -> harness.call("model/list", "{\"modelProvider\":\"openai\"}"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void anImageInThePromptReachesTheModelAndAFileOnTheDesktopCannot() {
        String id = harness.startThread(work);
        String png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
        harness.call("turn/start", "{\"threadId\":\"" + id + "\",\"input\":[{\"type\":\"text\",\"text\":\"SAY: what is in the image\"},"
                + "{\"type\":\"image\",\"url\":\"" + png + "\"}]}");
        harness.awaitTurnCompleted(id);

        var request = codex.model().awaitRequest(r -> r.lastPrompt().orElse("").equals("SAY: what is in the image"), BridgeHarness.WAIT);
        assertThat(request.lastPromptImages()).containsExactly(png);
        assertThatThrownBy(() -> harness.call("turn/start", "{\"threadId\":\"" + id + "\",\"input\":[{\"type\":\"localImage\",\"path\":\""
                + work.resolve("secret.png") + "\"}]}"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    protected void awaitRestartedAndReady() {
        await().atMost(BridgeHarness.WAIT).until(() -> harness.bridge.status() == net.flydex.protocol.CodexStatus.READY);
    }
}
