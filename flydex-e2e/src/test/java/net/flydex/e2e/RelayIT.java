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
    private PairedDesktop desktop;
    private RelayClient phone;
    @TempDir
    Path dir;
    private Path work;

    @BeforeEach
    void start() throws Exception {
        plane = new ControlPlane();
        desktop = PairedDesktop.link(plane, dir, "steer@example.com");
        phone = CodexTurns.subscribedPhone(plane, desktop);
        work = Files.createDirectories(dir.resolve("work"));
    }

    @AfterEach
    void stop() {
        phone.close();
        desktop.close();
        plane.close();
    }

    private String startThread() {
        return CodexTurns.startThread(phone, desktop.machineId, work);
    }

    private void startTurn(String thread, String prompt) {
        CodexTurns.startTurn(phone, desktop.machineId, thread, prompt);
    }

    private JsonNode awaitApproval(RelayClient client, String thread) {
        return client.await(f -> f.path("type").asString("").equals("approval")
                && f.path("approval").path("threadId").asString("").equals(thread), WAIT).path("approval");
    }

    private JsonNode respond(RelayClient client, String approvalId, String decision, String key) {
        return client.rpc(desktop.machineId, "approval/respond", "{\"approvalId\":\"" + approvalId + "\",\"decision\":\""
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

        JsonNode approval = awaitApproval(phone, thread);
        assertThat(approval.path("kind").asString()).isEqualTo("command");
        assertThat(approval.path("command").asString()).contains("echo relayed");
        JsonNode answer = respond(phone, approval.path("approvalId").asString(), "accept", "k1");
        assertThat(answer.path("result").path("decision").asString()).isEqualTo("accept");

        phone.await(f -> f.path("type").asString("").equals("approvalResolved")
                && f.path("approvalId").asString("").equals(approval.path("approvalId").asString()), WAIT);
        assertThat(awaitTurnCompleted(phone, thread).path("status").asString()).isEqualTo("completed");
        JsonNode done = phone.await(f -> f.path("method").asString("").equals("item/completed")
                && f.path("params").path("item").path("type").asString("").equals("commandExecution"), WAIT);
        assertThat(done.path("params").path("item").path("aggregatedOutput").asString()).contains("relayed");
        StringBuilder streamed = new StringBuilder();
        phone.received().stream().filter(f -> f.path("method").asString("").equals("item/agentMessage/delta"))
                .forEach(f -> streamed.append(f.path("params").path("delta").asString("")));
        assertThat(streamed.toString()).startsWith("Tool finished. Output was:").contains("relayed");
        assertThat(Files.readString(work.resolve("relayed.txt"))).isEqualTo("relayed\n");

        JsonNode listed = phone.rpc(desktop.machineId, "thread/list", "{\"cwd\":\"" + work + "\"}", WAIT);
        assertThat(listed.path("result").path("data").findValuesAsString("id")).contains(thread);
        // What crossed the server was sealed: no method, no params, no output, no command.
        assertThat(phone.wire()).filteredOn(f -> Set.of("event", "approval", "approvalResolved").contains(f.path("type").asString("")))
                .isNotEmpty().allSatisfy(f -> assertThat(f.has("sealed") && !f.has("method") && !f.has("params") && !f.has("approval")).isTrue());
        assertThat(phone.wire()).noneSatisfy(f -> assertThat(f.toString()).contains("relayed"));
    }

    @Test
    void aDeclinedCommandDoesNotRunAndASecondPhoneSeesTheCardAndItsEnd() throws Exception {
        try (var second = CodexTurns.subscribed(plane.url, plane.url.toString(), desktop.ownerToken, desktop.introduce("second phone"),
                desktop.machineId)) {
            String thread = startThread();
            startTurn(thread, "CMD: echo no > declined.txt");
            JsonNode approval = awaitApproval(phone, thread);
            assertThat(awaitApproval(second, thread).path("approvalId")).isEqualTo(approval.path("approvalId"));

            respond(phone, approval.path("approvalId").asString(), "decline", "k-decline");
            JsonNode late = respond(second, approval.path("approvalId").asString(), "accept", "k-other");

            assertThat(late.path("error").path("code").asString()).isEqualTo("already_resolved");
            JsonNode resolved = second.await(f -> f.path("type").asString("").equals("approvalResolved"), WAIT);
            assertThat(resolved.path("decision").asString()).isEqualTo("decline");
            awaitTurnCompleted(phone, thread);
            assertThat(work.resolve("declined.txt")).doesNotExist();
        }
    }

    @Test
    void aRepeatedDecisionWithTheSameKeyIsAppliedOnce() throws Exception {
        String thread = startThread();
        startTurn(thread, "CMD: echo once >> once.txt");
        String approvalId = awaitApproval(phone, thread).path("approvalId").asString();

        JsonNode first = respond(phone, approvalId, "accept", "same");
        JsonNode again = respond(phone, approvalId, "accept", "same");

        assertThat(again.path("result")).isEqualTo(first.path("result"));
        awaitTurnCompleted(phone, thread);
        assertThat(Files.readString(work.resolve("once.txt"))).isEqualTo("once\n");
    }

    @Test
    void interruptEndsTheTurnAndItsPendingCard() {
        String thread = startThread();
        startTurn(thread, "CMD: echo never > never.txt");
        JsonNode approval = awaitApproval(phone, thread);

        JsonNode turn = phone.rpc(desktop.machineId, "thread/read", "{\"threadId\":\"" + thread + "\",\"includeTurns\":true}", WAIT);
        String turnId = approval.path("turnId").asString();
        assertThat(turn.path("type").asString()).isEqualTo("result");
        phone.rpc(desktop.machineId, "turn/interrupt", "{\"threadId\":\"" + thread + "\",\"turnId\":\"" + turnId + "\"}", WAIT);

        assertThat(awaitTurnCompleted(phone, thread).path("status").asString()).isEqualTo("interrupted");
        JsonNode resolved = phone.await(f -> f.path("type").asString("").equals("approvalResolved"), WAIT);
        assertThat(resolved.path("decision").asString()).isEqualTo("cancel");
        assertThat(work.resolve("never.txt")).doesNotExist();
    }

    @Test
    void aDisallowedMethodNeverReachesCodex() {
        JsonNode refused = phone.rpc(desktop.machineId, "command/exec",
                "{\"command\":[\"touch\",\"" + work.resolve("pwned") + "\"]}", WAIT);
        assertThat(refused.path("error").path("code").asString()).isEqualTo("method_not_allowed");
        assertThat(work.resolve("pwned")).doesNotExist();
    }

    @Test
    void aPendingApprovalSurvivesAControlPlaneRestart() throws Exception {
        String thread = startThread();
        startTurn(thread, "CMD: echo survived > survived.txt");
        String approvalId = awaitApproval(phone, thread).path("approvalId").asString();

        phone.close();
        plane.restart();
        phone = RelayClient.connect(plane.url, plane.url.toString(), desktop.ownerToken, desktop.device);
        phone.subscribe(desktop.machineId);
        JsonNode again = phone.await(f -> f.path("type").asString("").equals("approval"), Duration.ofSeconds(60)).path("approval");

        assertThat(again.path("approvalId").asString()).isEqualTo(approvalId);
        assertThat(respond(phone, approvalId, "accept", "after-restart").path("result").path("decision").asString()).isEqualTo("accept");
        awaitTurnCompleted(phone, thread);
        assertThat(Files.readString(work.resolve("survived.txt"))).isEqualTo("survived\n");
    }

    @Test
    void aCodexCrashIsReportedAsPresenceAndItsCardIsCancelled() throws Exception {
        String thread = startThread();
        startTurn(thread, "CMD: echo crash > crash.txt");
        JsonNode approval = awaitApproval(phone, thread);

        desktop.helper.killCodex();

        JsonNode resolved = phone.await(f -> f.path("type").asString("").equals("approvalResolved"), WAIT);
        assertThat(resolved.path("resolvedBy").asString()).isEqualTo("codex_exited");
        assertThat(resolved.path("approvalId")).isEqualTo(approval.path("approvalId"));
        phone.await(f -> f.path("type").asString("").equals("machine") && f.path("codexStatus").asString("").equals("error"), WAIT);
        phone.await(f -> f.path("type").asString("").equals("machine") && f.path("codexStatus").asString("").equals("ready")
                && f.path("online").asBoolean(), WAIT);
        assertThat(work.resolve("crash.txt")).doesNotExist();
    }
}
