package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.FakePushService.Answer;
import net.flydex.testkit.PushDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Pushes from a helper's frames to a loopback push service that checks and decrypts them as real ones and browsers do. */
class PushDeliveryTest {
    /** Long enough for a push that was going to be sent to have arrived. */
    private static final Duration NOTHING_WITHIN = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private HelperWithPhones ada;
    private ServerHarness harness;

    @BeforeEach
    void start() throws Exception {
        ada = HelperWithPhones.start("ada@example.com");
        harness = ada.harness;
    }

    @AfterEach
    void stop() {
        ada.close();
    }

    @Test
    void anApprovalReachesEveryPhoneEncryptedAndSignedAndItsResolutionFollowsWithTheSameTopic() throws Exception {
        var phone = ada.phone();
        var tablet = ada.phone();

        ada.approval("apv_one", "/bin/bash -lc 'npm test'");

        for (var device : new HelperWithPhones.Phone[] {phone, tablet}) {
            PushDelivery delivery = device.browser().next(WAIT);
            assertThat(delivery).isNotNull();
            assertThat(delivery.problem()).isEmpty();
            assertThat(delivery.accepted()).isTrue();
            assertThat(delivery.urgency()).contains("high");
            assertThat(delivery.ttl()).contains(Long.toString(PushNotifier.APPROVAL_TTL.toSeconds()));
            assertThat(delivery.topic()).contains(PushPayloads.topic("apv_one"));
            assertThat(delivery.topic().orElseThrow()).hasSizeLessThanOrEqualTo(32).doesNotContain("apv_one");
            assertThat(delivery.audience()).contains(ada.push.origin());
            assertThat(delivery.subject()).contains("mailto:push@flydex.test");
            assertThat(delivery.expiresInSeconds()).isBetween(60L, Duration.ofHours(24).toSeconds());
            JsonNode payload = delivery.payload().orElseThrow();
            assertThat(payload.path("type").asString()).isEqualTo("approval");
            assertThat(payload.path("machineId").asString()).isEqualTo(ada.machineId);
            assertThat(payload.path("approvalId").asString()).isEqualTo("apv_one");
            assertThat(payload.path("machineName").asString()).isNotEmpty();
            assertThat(payload.path("kind").asString()).isEqualTo("command");
            assertThat(payload.path("command").asString()).isEqualTo("/bin/bash -lc 'npm test'");
            assertThat(payload.path("threadTitle").asString()).isEqualTo("Fix the flaky test");
            assertThat(payload.path("canDecide").asBoolean()).isTrue();
            assertThat(payload.path("url").asString()).isEqualTo("/machines/" + ada.machineId + "/threads/019a-thread?approval=apv_one");
        }

        ada.resolved("apv_one", "accept", "desktop");

        for (var device : new HelperWithPhones.Phone[] {phone, tablet}) {
            PushDelivery delivery = device.browser().next(WAIT);
            assertThat(delivery.accepted()).isTrue();
            assertThat(delivery.topic()).contains(PushPayloads.topic("apv_one"));
            JsonNode payload = delivery.payload().orElseThrow();
            assertThat(payload.path("type").asString()).isEqualTo("approvalResolved");
            assertThat(payload.path("approvalId").asString()).isEqualTo("apv_one");
            assertThat(payload.path("resolvedBy").asString()).isEqualTo("desktop");
        }
    }

    @Test
    void preferencesChooseWhatADeviceHearsAndHiddenDetailsLeaveOnlyTheMachine() throws Exception {
        var hidden = ada.phone(Map.of("hideDetails", true, "turnEnded", true));
        var quiet = ada.phone(Map.of("approvals", false));

        ada.approval("apv_two", "cat ~/.ssh/id_ed25519");

        JsonNode payload = hidden.browser().next(WAIT).payload().orElseThrow();
        assertThat(payload.propertyNames()).containsExactlyInAnyOrder("type", "machineId", "machineName", "approvalId", "url", "canDecide",
                "hideDetails");
        assertThat(payload.path("canDecide").asBoolean()).isFalse();
        assertThat(payload.toString()).doesNotContain("id_ed25519").doesNotContain("flaky");
        assertThat(quiet.browser().next(NOTHING_WITHIN)).isNull();

        ada.turn("turn/started", "turn-9", "inProgress");
        ada.turn("turn/completed", "turn-9", "failed");
        JsonNode ended = hidden.browser().next(WAIT).payload().orElseThrow();
        assertThat(ended.path("type").asString()).isEqualTo("turnEnded");
        assertThat(ended.path("status").asString()).isEqualTo("failed");
        assertThat(ended.has("threadTitle")).isFalse();
        assertThat(quiet.browser().next(NOTHING_WITHIN)).isNull();
    }

    @Test
    void aMachineGoingOfflineMidTurnIsToldToDevicesThatAskedAndAnInterruptedTurnIsNot() throws Exception {
        var watcher = ada.phone(Map.of("machineOffline", true, "turnEnded", true));

        ada.turn("turn/started", "turn-1", "inProgress");
        ada.turn("turn/completed", "turn-1", "interrupted");
        ada.turn("turn/started", "turn-2", "inProgress");
        ada.turn("turn/completed", "turn-2", "completed");
        JsonNode ended = watcher.browser().next(WAIT).payload().orElseThrow();
        assertThat(ended.path("type").asString()).isEqualTo("turnEnded");
        assertThat(ended.path("status").asString()).isEqualTo("completed");

        ada.turn("turn/started", "turn-3", "inProgress");
        ada.helper.close();

        JsonNode offline = watcher.browser().next(WAIT).payload().orElseThrow();
        assertThat(offline.path("type").asString()).isEqualTo("machineOffline");
        assertThat(offline.path("url").asString()).isEqualTo("/machines/" + ada.machineId);
        assertThat(watcher.browser().next(NOTHING_WITHIN)).isNull();
    }

    @Test
    void goneSubscriptionsAreDeletedAndTooLargeIsCountedNotRetried() throws Exception {
        var gone = ada.phone();
        var removed = ada.phone();
        var picky = ada.phone();
        gone.browser().unsubscribe();
        removed.browser().thenAnswer(Answer.status(404));
        picky.browser().thenAnswer(Answer.status(413));

        ada.approval("apv_three", "ls");

        assertThat(gone.browser().next(WAIT).status()).isEqualTo(410);
        assertThat(removed.browser().next(WAIT).status()).isEqualTo(404);
        assertThat(picky.browser().next(WAIT).status()).isEqualTo(413);
        await().atMost(WAIT).until(() -> ada.subscriptions() == 1);
        await().atMost(WAIT).until(() -> harness.scrapeMetrics().contains("flydex_push_sent_total{outcome=\"too_large\"} 1.0"));
        assertThat(harness.scrapeMetrics()).contains("flydex_push_sent_total{outcome=\"gone\"} 2.0");
        assertThat(picky.browser().next(NOTHING_WITHIN)).as("a 413 is not retried").isNull();
    }

    @Test
    void tooManyRequestsIsRetriedNoSoonerThanRetryAfterAndServerErrorsWithBackoff() throws Exception {
        var throttled = ada.phone();
        var failing = ada.phone();
        throttled.browser().thenAnswer(Answer.tooManyRequests(Duration.ofSeconds(2)));
        failing.browser().thenAnswer(Answer.status(503)).thenAnswer(Answer.status(502));

        ada.approval("apv_four", "make");

        PushDelivery first = throttled.browser().next(WAIT);
        PushDelivery second = throttled.browser().next(WAIT);
        assertThat(first.status()).isEqualTo(429);
        assertThat(second.accepted()).isTrue();
        assertThat(Duration.ofNanos(second.receivedNanos() - first.receivedNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));

        PushDelivery a = failing.browser().next(WAIT);
        PushDelivery b = failing.browser().next(WAIT);
        PushDelivery c = failing.browser().next(WAIT);
        assertThat(a.status()).isEqualTo(503);
        assertThat(b.status()).isEqualTo(502);
        assertThat(c.accepted()).isTrue();
        assertThat(Duration.ofNanos(b.receivedNanos() - a.receivedNanos())).isGreaterThanOrEqualTo(PushSender.FIRST_RETRY.minusMillis(100));
        assertThat(Duration.ofNanos(c.receivedNanos() - b.receivedNanos())).isGreaterThanOrEqualTo(PushSender.FIRST_RETRY.multipliedBy(2).minusMillis(100));
        assertThat(c.payload().orElseThrow().path("approvalId").asString()).isEqualTo("apv_four");
    }

    @Test
    void aHungPushServiceStallsNeitherTheRelayNorOtherDevices() throws Exception {
        var stuck = ada.phone();
        var fine = ada.phone();
        for (int i = 0; i < 3; i++) {
            stuck.browser().thenAnswer(Answer.hanging());
        }
        ada.approval("apv_hang1", "ls");
        assertThat(stuck.browser().next(WAIT).status()).as("the push service holds the request").isZero();
        assertThat(fine.browser().next(WAIT).accepted()).isTrue();

        // While that request hangs, browser rpcs keep going through the relay to the helper and back.
        var socket = net.flydex.server.machines.AgentSocketClient.open(
                java.net.URI.create("ws://127.0.0.1:" + harness.server.port() + "/ws/client"),
                java.net.http.HttpClient.newBuilder().cookieHandler(ada.account.cookies()).build().newWebSocketBuilder()
                        .header("Origin", ServerHarness.PUBLIC_URL));
        try (socket) {
            for (int i = 0; i < 50; i++) {
                socket.send(Map.of("type", "rpc", "id", "c" + i, "machineId", ada.machineId, "method", "thread/list", "params", Map.of()));
                JsonNode rpc = ada.helper.next();
                ada.helper.send(net.flydex.protocol.RelayFrames.result(rpc.path("id").asString(),
                        tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()).toString());
                assertThat(socket.next().path("id").asString()).isEqualTo("c" + i);
            }
        }
        ada.approval("apv_hang2", "ls");
        assertThat(fine.browser().next(WAIT).payload().orElseThrow().path("approvalId").asString()).isEqualTo("apv_hang2");
    }

    @Test
    void aRedirectIsNeverFollowed() throws Exception {
        try (FakePushService elsewhere = FakePushService.start()) {
            var target = elsewhere.newBrowser();
            var phone = ada.phone();
            phone.browser().thenAnswer(Answer.redirectTo(target.endpoint()));

            ada.approval("apv_five", "ls");

            assertThat(phone.browser().next(WAIT).status()).isEqualTo(307);
            await().atMost(WAIT).until(() -> harness.scrapeMetrics().contains("flydex_push_sent_total{outcome=\"rejected\"} 1.0"));
            assertThat(elsewhere.received()).isZero();
            assertThat(phone.browser().next(NOTHING_WITHIN)).isNull();
        }
    }

    @Test
    void signingOutOrTheSessionExpiringStopsPushes() throws Exception {
        var leaving = ada.phone();
        var staying = ada.phone();
        assertThat(leaving.api().post("/api/auth/signout", "{}").status()).isEqualTo(204);

        ada.approval("apv_six", "ls");

        assertThat(staying.browser().next(WAIT).accepted()).isTrue();
        assertThat(leaving.browser().next(NOTHING_WITHIN)).isNull();

        harness.clock.advance(Duration.ofDays(15));
        ada.approval("apv_seven", "ls");
        assertThat(staying.browser().next(NOTHING_WITHIN)).as("the session expired").isNull();
    }

    @Test
    void aRevokedSessionTakesItsSubscriptionAlong() throws Exception {
        var phone = ada.phone();
        String sessionId = phone.api().get("/api/me").body().path("session").path("id").asString();
        assertThat(ada.account.delete("/api/auth/sessions/" + sessionId).status()).isEqualTo(204);
        assertThat(ada.subscriptions()).isZero();

        ada.approval("apv_eight", "ls");
        assertThat(phone.browser().next(NOTHING_WITHIN)).isNull();
    }
}
