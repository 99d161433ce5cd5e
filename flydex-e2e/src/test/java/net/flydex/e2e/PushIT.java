package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.flydex.protocol.Decision;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import net.flydex.testkit.PushDelivery;
import net.flydex.testkit.RelayClient;
import net.flydex.testkit.SealedDevice;
import net.flydex.testkit.TamperingRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An approval from real Codex (scripted model) reaches a phone whose page is closed: helper →
 * control plane → push service (a loopback fake that checks and decrypts like the real ones) →
 * the notification's Approve through the decision route → Codex runs the command. End to end:
 * the push's content is sealed by the helper for the phone's device key, and the decision is
 * sealed by the device for the helper; the server carries both without reading them.
 */
class PushIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration NOTHING_WITHIN = Duration.ofSeconds(1);

    private FakePushService push;
    private ControlPlane plane;
    private PairedPhone paired;
    @TempDir
    Path dir;
    // The fixture's parts under the names this test reads best with: the desk's own phone steers the turns.
    private PairedDesktop desktop;
    private RelayClient desk;
    private Path work;

    @BeforeEach
    void start() throws Exception {
        push = FakePushService.start();
        plane = ControlPlane.trustingPush(push.prefix());
        paired = PairedPhone.link(plane, dir, "push@example.com");
        desktop = paired.desktop;
        desk = paired.phone;
        work = paired.work;
    }

    @AfterEach
    void stop() {
        paired.close();
        plane.close();
        push.close();
    }

    @Test
    void anApprovalFromCodexIsPushedSealedAndApprovedFromTheNotificationOnceAndOnlyByATrustedDevice() throws Exception {
        ApiClient phone = desktop.owner;
        SealedDevice device = desktop.device;
        PushBrowser notifications = push.newBrowser();
        assertThat(phone.post("/api/push/subscriptions", notifications.subscription(device.deviceId())).status()).isEqualTo(201);
        // A browser of the account the helper never met (its keys were wiped, say): told which machine waits, nothing more.
        SealedDevice stranger = SealedDevice.create("wiped phone");
        stranger.pin(desktop.machineId, device.helper(desktop.machineId));
        PushBrowser strangerNotifications = push.newBrowser();
        assertThat(phone.post("/api/push/subscriptions", strangerNotifications.subscription(stranger.deviceId())).status()).isEqualTo(201);
        String thread = startThread();
        startTurn(thread, "CMD: echo pushed >> pushed.txt");

        PushDelivery delivery = notifications.next(WAIT);
        assertThat(delivery).as("an approval push").isNotNull();
        assertThat(delivery.problem()).isEmpty();
        JsonNode payload = delivery.payload().orElseThrow();
        assertThat(payload.path("type").asString()).isEqualTo("approval");
        assertThat(payload.path("machineId").asString()).isEqualTo(desktop.machineId);
        assertThat(payload.path("machineName").asString()).isNotBlank();
        assertThat(payload.path("deviceId").asString()).isEqualTo(device.deviceId());
        assertThat(payload.toString()).as("the server and the push service carry ciphertext").doesNotContain("echo pushed", thread);
        String approvalId = payload.path("approvalId").asString();
        JsonNode content = device.openPush(desktop.machineId, "approval", approvalId, payload.path("sealed").asString());
        assertThat(content.path("command").asString()).contains("echo pushed");
        assertThat(content.path("threadTitle").asString()).as("the helper names the thread by its first prompt")
                .isEqualTo("CMD: echo pushed >> pushed.txt");
        assertThat(content.path("canDecide").asBoolean()).isTrue();
        assertThatThrownBy(() -> device.openPush(desktop.machineId, "approval", "apv_other", payload.path("sealed").asString()))
                .as("bound to its approval").isInstanceOf(E2eException.class);
        JsonNode unsealed = strangerNotifications.next(WAIT).payload().orElseThrow();
        assertThat(unsealed.path("approvalId").asString()).isEqualTo(approvalId);
        assertThat(unsealed.path("machineName").asString()).isEqualTo(payload.path("machineName").asString());
        assertThat(unsealed.has("sealed")).as("no sealed copy for a device the helper does not trust").isFalse();
        String route = "/api/machines/" + desktop.machineId + "/approvals/" + approvalId + "/decision";

        // Nobody but the owner's trusted devices, and nothing the server could make or change, reaches Codex.
        ApiClient eve = plane.phone("eve@example.com");
        var foreign = eve.post(route, decision(device, approvalId, Decision.ACCEPT, "eve"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("not_found");
        assertThat(phone.withOrigin("https://evil.example").post(route, decision(device, approvalId, Decision.ACCEPT, "csrf")).errorCode())
                .isEqualTo("bad_origin");
        phone.withOrigin(plane.url.toString());
        assertThat(phone.post(route, Map.of("decision", "accept", "idempotencyKey", "clear")).errorCode()).as("a clear decision")
                .isEqualTo("e2e_required");
        for (Object bad : List.of(Map.of("deviceId", device.deviceId()), Map.of("sealed", "AQ"), "{\"deviceId\":", "[]")) {
            assertThat(phone.post(route, bad).errorCode()).as(bad.toString()).isIn("bad_request", "e2e_required");
        }
        assertThat(phone.post(route, decision(stranger, approvalId, Decision.ACCEPT, "stranger")).errorCode()).as("an untrusted device")
                .isEqualTo("device_unknown");
        assertThat(phone.post(route, Map.of("deviceId", device.deviceId(), "sealed", device.sealDecision(desktop.machineId, "apv_other",
                Decision.ACCEPT, "moved"))).errorCode()).as("sealed for another approval").isEqualTo("e2e_refused");
        Map<String, String> flipped = decision(device, approvalId, Decision.ACCEPT, "flipped");
        flipped.put("sealed", TamperingRelay.flipBit(flipped.get("sealed")));
        assertThat(phone.post(route, flipped).errorCode()).as("a flipped bit").isEqualTo("e2e_refused");
        Map<String, String> otherDevice = decision(device, approvalId, Decision.ACCEPT, "relabelled");
        otherDevice.put("deviceId", desktop.introduce("second phone").deviceId());
        assertThat(phone.post(route, otherDevice).errorCode()).as("another device's id on it").isEqualTo("e2e_refused");
        var unknown = phone.post("/api/machines/" + desktop.machineId + "/approvals/apv_notthere/decision",
                decision(device, "apv_notthere", Decision.ACCEPT, "k"));
        assertThat(unknown.errorCode()).isEqualTo("unknown_approval");
        ApiClient signedOut = plane.browser();
        signedOut.post("/api/auth/signin", Map.of("email", "push@example.com", "password", "correct horse battery"));
        assertThat(signedOut.post("/api/auth/signout", "{}").status()).isEqualTo(204);
        assertThat(signedOut.post(route, decision(device, approvalId, Decision.ACCEPT, "gone")).errorCode()).isEqualTo("unauthorized");
        assertThat(pending()).as("still waiting after every refused attempt").contains(approvalId);
        assertThat(work.resolve("pushed.txt")).doesNotExist();

        Map<String, String> tap = decision(device, approvalId, Decision.ACCEPT, "tap-1");
        var approved = phone.post(route, tap);
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.body().path("status").asString()).isEqualTo("applied");
        assertThat(approved.body().path("decision").asString()).isEqualTo("accept");
        var replayed = phone.post(route, tap);
        assertThat(replayed.body()).as("the same sealed decision again: the first one's answer").isEqualTo(approved.body());
        assertThat(phone.post(route, decision(device, approvalId, Decision.DECLINE, "tap-2")).errorCode()).isEqualTo("already_resolved");

        JsonNode resolved = notifications.next(WAIT).payload().orElseThrow();
        assertThat(resolved.path("type").asString()).isEqualTo("approvalResolved");
        assertThat(resolved.path("approvalId").asString()).isEqualTo(approvalId);
        JsonNode resolution = device.openPush(desktop.machineId, "approvalResolved", approvalId, resolved.path("sealed").asString());
        assertThat(resolution.path("decision").asString()).isEqualTo("accept");
        desk.await(f -> f.path("type").asString("").equals("event") && f.path("method").asString("").equals("turn/completed")
                && f.path("params").path("threadId").asString("").equals(thread), WAIT);
        assertThat(CodexTurns.awaitCommandCompleted(desk, thread, 0).path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(work.resolve("pushed.txt"))).isEqualTo("pushed\n");
        assertThat(notifications.next(NOTHING_WITHIN)).isNull();
    }

    /** The decision route's body: a decision {@code device} sealed for the helper. */
    private Map<String, String> decision(SealedDevice device, String approvalId, Decision decision, String key) {
        var body = new java.util.HashMap<String, String>();
        body.put("deviceId", device.deviceId());
        body.put("sealed", device.sealDecision(desktop.machineId, approvalId, decision, key));
        return body;
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
