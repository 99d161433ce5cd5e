package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import net.flydex.testkit.PushDelivery;
import net.flydex.testkit.RelayClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An approval from real Codex (scripted model) reaches a phone whose page is closed: helper →
 * control plane → push service (a loopback fake that checks and decrypts like the real ones) →
 * the notification's Approve through the decision route → Codex runs the command.
 */
class PushIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration NOTHING_WITHIN = Duration.ofSeconds(1);

    private FakePushService push;
    private ControlPlane plane;
    private PairedDesktop desktop;
    private RelayClient desk;
    @TempDir
    Path dir;
    private Path work;

    @BeforeEach
    void start() throws Exception {
        push = FakePushService.start();
        plane = ControlPlane.trustingPush(push.prefix());
        desktop = PairedDesktop.link(plane, dir, "push@example.com");
        desk = CodexTurns.subscribedPhone(plane, desktop);
        work = Files.createDirectories(dir.resolve("work"));
    }

    @AfterEach
    void stop() {
        desk.close();
        desktop.close();
        plane.close();
        push.close();
    }

    @Test
    void anApprovalFromCodexIsPushedAndApprovedFromTheNotificationOnceAndOnlyByItsOwner() throws Exception {
        ApiClient phone = desktop.owner;
        PushBrowser notifications = push.newBrowser();
        assertThat(phone.post("/api/push/subscriptions", notifications.toJson()).status()).isEqualTo(201);
        String thread = startThread();
        startTurn(thread, "CMD: echo pushed >> pushed.txt");

        PushDelivery delivery = notifications.next(WAIT);
        assertThat(delivery).as("an approval push").isNotNull();
        assertThat(delivery.problem()).isEmpty();
        JsonNode payload = delivery.payload().orElseThrow();
        assertThat(payload.path("type").asString()).isEqualTo("approval");
        assertThat(payload.path("kind").asString()).isEqualTo("command");
        assertThat(payload.path("command").asString()).contains("echo pushed");
        assertThat(payload.path("threadId").asString()).isEqualTo(thread);
        assertThat(payload.path("threadTitle").asString()).as("the helper names the thread by its first prompt")
                .isEqualTo("CMD: echo pushed >> pushed.txt");
        assertThat(payload.path("canDecide").asBoolean()).isTrue();
        String approvalId = payload.path("approvalId").asString();
        String route = "/api/machines/" + desktop.machineId + "/approvals/" + approvalId + "/decision";

        // Nobody but the owner, and nothing but accept or decline from a notification, reaches the helper.
        ApiClient eve = plane.phone("eve@example.com");
        var foreign = eve.post(route, Map.of("decision", "accept", "idempotencyKey", "eve"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("not_found");
        assertThat(phone.withOrigin("https://evil.example").post(route, Map.of("decision", "accept", "idempotencyKey", "csrf")).errorCode())
                .isEqualTo("bad_origin");
        phone.withOrigin(plane.url.toString());
        for (Object bad : List.of(Map.of("decision", "acceptForSession", "idempotencyKey", "k"), Map.of("decision", "cancel", "idempotencyKey", "k"),
                Map.of("decision", "accept"), Map.of("decision", "accept", "idempotencyKey", " "),
                Map.of("decision", "accept", "idempotencyKey", "k", "scope", "session"), "{\"decision\":", "[]")) {
            assertThat(phone.post(route, bad).errorCode()).as(bad.toString()).isEqualTo("bad_request");
        }
        var unknown = phone.post("/api/machines/" + desktop.machineId + "/approvals/apv_notthere/decision",
                Map.of("decision", "accept", "idempotencyKey", "k"));
        assertThat(unknown.errorCode()).isEqualTo("unknown_approval");
        ApiClient signedOut = plane.browser();
        signedOut.post("/api/auth/signin", Map.of("email", "push@example.com", "password", "correct horse battery"));
        assertThat(signedOut.post("/api/auth/signout", "{}").status()).isEqualTo(204);
        assertThat(signedOut.post(route, Map.of("decision", "accept", "idempotencyKey", "gone")).errorCode()).isEqualTo("unauthorized");
        assertThat(pending()).as("still waiting after every refused attempt").contains(approvalId);
        assertThat(work.resolve("pushed.txt")).doesNotExist();

        var approved = phone.post(route, Map.of("decision", "accept", "idempotencyKey", "tap-1"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.body().path("status").asString()).isEqualTo("applied");
        assertThat(approved.body().path("decision").asString()).isEqualTo("accept");
        var replayed = phone.post(route, Map.of("decision", "accept", "idempotencyKey", "tap-1"));
        assertThat(replayed.body()).isEqualTo(approved.body());
        assertThat(phone.post(route, Map.of("decision", "decline", "idempotencyKey", "tap-2")).errorCode()).isEqualTo("already_resolved");

        PushDelivery resolved = notifications.next(WAIT);
        assertThat(resolved.payload().orElseThrow().path("type").asString()).isEqualTo("approvalResolved");
        assertThat(resolved.payload().orElseThrow().path("approvalId").asString()).isEqualTo(approvalId);
        desk.await(f -> f.path("type").asString("").equals("event") && f.path("method").asString("").equals("turn/completed")
                && f.path("params").path("threadId").asString("").equals(thread), WAIT);
        assertThat(Files.readString(work.resolve("pushed.txt"))).isEqualTo("pushed\n");
        assertThat(notifications.next(NOTHING_WITHIN)).isNull();
    }

    private List<String> pending() {
        JsonNode listed = desk.rpc(desktop.machineId, "approvals/list", "{}", WAIT);
        return listed.path("result").path("approvals").findValuesAsString("approvalId");
    }

    private String startThread() {
        return CodexTurns.startThread(desk, desktop.machineId, work);
    }

    private void startTurn(String thread, String prompt) {
        CodexTurns.startTurn(desk, desktop.machineId, thread, prompt);
    }
}
