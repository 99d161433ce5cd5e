package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import net.flydex.testkit.RelayClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A phone steering the desktop's Codex through the control plane: browser → /ws/client → relay →
 * /ws/agent → helper → real Codex (scripted model), and every event back - sealed end to end
 * (the phone is a device the helper trusts; {@code RelayClient} seals and opens, so the
 * assertions read the clear shapes).
 */
class RelayIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ControlPlane plane;
    private PairedPhone paired;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        plane = new ControlPlane();
        paired = PairedPhone.link(plane, dir, "steer@example.com");
    }

    @AfterEach
    void stop() {
        paired.close();
        plane.close();
    }

    private String startThread() {
        return CodexTurns.startThread(paired.phone, paired.desktop.machineId, paired.work);
    }

    private void startTurn(String thread, String prompt) {
        CodexTurns.startTurn(paired.phone, paired.desktop.machineId, thread, prompt);
    }

    private JsonNode awaitApproval(RelayClient client, String thread) {
        return client.await(f -> f.path("type").asString("").equals("approval")
                && f.path("approval").path("threadId").asString("").equals(thread), WAIT).path("approval");
    }

    private JsonNode respond(RelayClient client, String approvalId, String decision, String key) {
        return client.rpc(paired.desktop.machineId, "approval/respond", "{\"approvalId\":\"" + approvalId + "\",\"decision\":\""
                + decision + "\",\"idempotencyKey\":\"" + key + "\"}", WAIT);
    }

    private JsonNode awaitTurnCompleted(RelayClient client, String thread) {
        return client.await(f -> f.path("type").asString("").equals("event") && f.path("method").asString("").equals("turn/completed")
                && f.path("params").path("threadId").asString("").equals(thread), WAIT).path("params").path("turn");
    }

    @Test
    void aTurnWithAnAcceptedCommandStreamsItsOutputAndFinalMessage() throws Exception {
        String thread = startThread();
        startTurn(thread, "CMD: echo relayed > relayed.txt && cat relayed.txt");

        JsonNode approval = awaitApproval(paired.phone, thread);
        assertThat(approval.path("kind").asString()).isEqualTo("command");
        assertThat(approval.path("command").asString()).contains("echo relayed");
        JsonNode answer = respond(paired.phone, approval.path("approvalId").asString(), "accept", "k1");
        assertThat(answer.path("result").path("decision").asString()).isEqualTo("accept");

        paired.phone.await(f -> f.path("type").asString("").equals("approvalResolved")
                && f.path("approvalId").asString("").equals(approval.path("approvalId").asString()), WAIT);
        assertThat(awaitTurnCompleted(paired.phone, thread).path("status").asString()).isEqualTo("completed");
        JsonNode done = CodexTurns.awaitCommandCompleted(paired.phone, thread, 0);
        assertThat(done.path("aggregatedOutput").asString()).contains("relayed");
        StringBuilder streamed = new StringBuilder();
        paired.phone.received().stream().filter(f -> f.path("method").asString("").equals("item/agentMessage/delta"))
                .forEach(f -> streamed.append(f.path("params").path("delta").asString("")));
        assertThat(streamed.toString()).startsWith("Tool finished. Output was:").contains("relayed");
        assertThat(Files.readString(paired.work.resolve("relayed.txt"))).isEqualTo("relayed\n");

        JsonNode listed = paired.phone.rpc(paired.desktop.machineId, "thread/list", "{\"cwd\":\"" + paired.work + "\"}", WAIT);
        assertThat(listed.path("result").path("data").findValuesAsString("id")).contains(thread);
        // What crossed the server was sealed: no method, no params, no output, no command.
        assertThat(paired.phone.wire()).filteredOn(f -> Set.of("event", "approval", "approvalResolved").contains(f.path("type").asString("")))
                .isNotEmpty().allSatisfy(f -> assertThat(f.has("sealed") && !f.has("method") && !f.has("params") && !f.has("approval")).isTrue());
        assertThat(paired.phone.wire()).noneSatisfy(f -> assertThat(f.toString()).contains("relayed"));
    }

    @Test
    void aDeclinedCommandDoesNotRunAndASecondPhoneSeesTheCardAndItsEnd() throws Exception {
        try (var second = CodexTurns.subscribed(plane.url, plane.url.toString(), paired.desktop.ownerToken, paired.desktop.introduce("second phone"),
                paired.desktop.machineId)) {
            String thread = startThread();
            startTurn(thread, "CMD: echo no > declined.txt");
            JsonNode approval = awaitApproval(paired.phone, thread);
            assertThat(awaitApproval(second, thread).path("approvalId")).isEqualTo(approval.path("approvalId"));

            respond(paired.phone, approval.path("approvalId").asString(), "decline", "k-decline");
            JsonNode late = respond(second, approval.path("approvalId").asString(), "accept", "k-other");

            assertThat(late.path("error").path("code").asString()).isEqualTo("already_resolved");
            JsonNode resolved = second.await(f -> f.path("type").asString("").equals("approvalResolved"), WAIT);
            assertThat(resolved.path("decision").asString()).isEqualTo("decline");
            awaitTurnCompleted(paired.phone, thread);
            assertThat(paired.work.resolve("declined.txt")).doesNotExist();
        }
    }

    @Test
    void aRepeatedDecisionWithTheSameKeyIsAppliedOnce() throws Exception {
        String thread = startThread();
        startTurn(thread, "CMD: echo once >> once.txt");
        String approvalId = awaitApproval(paired.phone, thread).path("approvalId").asString();

        JsonNode first = respond(paired.phone, approvalId, "accept", "same");
        JsonNode again = respond(paired.phone, approvalId, "accept", "same");

        assertThat(again.path("result")).isEqualTo(first.path("result"));
        awaitTurnCompleted(paired.phone, thread);
        assertThat(CodexTurns.awaitCommandCompleted(paired.phone, thread, 0).path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(paired.work.resolve("once.txt"))).isEqualTo("once\n");
    }

    @Test
    void interruptEndsTheTurnAndItsPendingCard() {
        String thread = startThread();
        startTurn(thread, "CMD: echo never > never.txt");
        JsonNode approval = awaitApproval(paired.phone, thread);

        JsonNode turn = paired.phone.rpc(paired.desktop.machineId, "thread/read", "{\"threadId\":\"" + thread + "\",\"includeTurns\":true}", WAIT);
        String turnId = approval.path("turnId").asString();
        assertThat(turn.path("type").asString()).isEqualTo("result");
        paired.phone.rpc(paired.desktop.machineId, "turn/interrupt", "{\"threadId\":\"" + thread + "\",\"turnId\":\"" + turnId + "\"}", WAIT);

        assertThat(awaitTurnCompleted(paired.phone, thread).path("status").asString()).isEqualTo("interrupted");
        JsonNode resolved = paired.phone.await(f -> f.path("type").asString("").equals("approvalResolved"), WAIT);
        assertThat(resolved.path("decision").asString()).isEqualTo("cancel");
        assertThat(paired.work.resolve("never.txt")).doesNotExist();
    }

    @Test
    void aDisallowedMethodNeverReachesCodex() {
        JsonNode refused = paired.phone.rpc(paired.desktop.machineId, "command/exec",
                "{\"command\":[\"touch\",\"" + paired.work.resolve("pwned") + "\"]}", WAIT);
        assertThat(refused.path("error").path("code").asString()).isEqualTo("method_not_allowed");
        assertThat(paired.work.resolve("pwned")).doesNotExist();
    }

    @Test
    void aPendingApprovalSurvivesAControlPlaneRestart() throws Exception {
        String thread = startThread();
        startTurn(thread, "CMD: echo survived > survived.txt");
        String approvalId = awaitApproval(paired.phone, thread).path("approvalId").asString();

        paired.phone.close();
        plane.restart();
        try (RelayClient phone = RelayClient.connect(plane.url, plane.url.toString(), paired.desktop.ownerToken, paired.desktop.device)) {
            phone.subscribe(paired.desktop.machineId);
            JsonNode again = phone.await(f -> f.path("type").asString("").equals("approval"), Duration.ofSeconds(60)).path("approval");

            assertThat(again.path("approvalId").asString()).isEqualTo(approvalId);
            assertThat(respond(phone, approvalId, "accept", "after-restart").path("result").path("decision").asString()).isEqualTo("accept");
            awaitTurnCompleted(phone, thread);
            assertThat(CodexTurns.awaitCommandCompleted(phone, thread, 0).path("status").asString()).isEqualTo("completed");
        }
        assertThat(Files.readString(paired.work.resolve("survived.txt"))).isEqualTo("survived\n");
    }

    @Test
    void aCodexCrashIsReportedAsPresenceAndItsCardIsCancelled() throws Exception {
        String thread = startThread();
        startTurn(thread, "CMD: echo crash > crash.txt");
        JsonNode approval = awaitApproval(paired.phone, thread);

        paired.desktop.helper.killCodex();

        JsonNode resolved = paired.phone.await(f -> f.path("type").asString("").equals("approvalResolved"), WAIT);
        assertThat(resolved.path("resolvedBy").asString()).isEqualTo("codex_exited");
        assertThat(resolved.path("approvalId")).isEqualTo(approval.path("approvalId"));
        paired.phone.await(f -> f.path("type").asString("").equals("machine") && f.path("codexStatus").asString("").equals("error"), WAIT);
        paired.phone.await(f -> f.path("type").asString("").equals("machine") && f.path("codexStatus").asString("").equals("ready")
                && f.path("online").asBoolean(), WAIT);
        assertThat(paired.work.resolve("crash.txt")).doesNotExist();
    }
}
