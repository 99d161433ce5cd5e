package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.FakePushService.Answer;
import net.flydex.testkit.PushDelivery;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pushes raised by a helper's {@code push} frames, to a loopback push service that checks and
 * decrypts them as real ones and browsers do; each device then opens its own sealed copy.
 */
class PushDeliveryTest {
    /** Long enough for a push that was going to be sent to have arrived. */
    private static final Duration NOTHING_WITHIN = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AutoClose
    private final HelperWithPhones ada = HelperWithPhones.start("ada@example.com");
    private final ServerHarness harness = ada.harness;

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
            assertThat(payload.propertyNames()).containsExactlyInAnyOrder("type", "machineId", "machineName", "approvalId", "deviceId",
                    "sealed");
            assertThat(payload.path("type").asString()).isEqualTo("approval");
            assertThat(payload.path("machineId").asString()).isEqualTo(ada.machineId);
            assertThat(payload.path("approvalId").asString()).isEqualTo("apv_one");
            assertThat(payload.path("machineName").asString()).isNotEmpty();
            assertThat(payload.path("deviceId").asString()).isEqualTo(device.device().orElseThrow().deviceId());
            assertThat(payload.toString()).as("the server carries the card sealed only").doesNotContain("npm test").doesNotContain("flaky");
            assertThat(device.open(payload)).as("each device opens its own copy").contains("npm test").contains("Fix the flaky test");
        }
        ada.resolved("apv_one", "accept", "desktop");

        for (var device : new HelperWithPhones.Phone[] {phone, tablet}) {
            PushDelivery delivery = device.browser().next(WAIT);
            assertThat(delivery.accepted()).isTrue();
            assertThat(delivery.topic()).contains(PushPayloads.topic("apv_one"));
            JsonNode payload = delivery.payload().orElseThrow();
            assertThat(payload.path("type").asString()).isEqualTo("approvalResolved");
            assertThat(payload.path("approvalId").asString()).isEqualTo("apv_one");
            assertThat(device.open(payload)).contains("\"resolvedBy\":\"desktop\"");
        }
    }

    @Test
    void preferencesChooseWhatADeviceHearsAndHiddenDetailsOrNoDeviceLeaveOnlyTheMachine() throws Exception {
        var hidden = ada.phone(Map.of("hideDetails", true));
        var quiet = ada.phone(Map.of("approvals", false));
        var keyless = ada.phone(Map.of(), Optional.empty());

        ada.approval("apv_two", "cat ~/.ssh/id_ed25519");

        for (var phone : List.of(hidden, keyless)) {
            JsonNode payload = phone.browser().next(WAIT).payload().orElseThrow();
            assertThat(payload.propertyNames()).containsExactlyInAnyOrder("type", "machineId", "machineName", "approvalId", "deviceId");
            assertThat(payload.path("deviceId").asString()).isEqualTo(phone.device().map(d -> d.deviceId()).orElse(""));
        }
        assertThat(quiet.browser().next(NOTHING_WITHIN)).isNull();
    }

    @Test
    void clearFramesRaiseNoPushAndMalformedPushFramesAreDropped() throws Exception {
        var phone = ada.phone(Map.of("turnEnded", true, "machineOffline", true));
        var card = WireJson.mapper().createObjectNode().put("approvalId", "apv_clear").put("kind", "command").put("command", "ls");
        ada.helper.send(RelayFrames.approval(ada.machineId, card).toString());
        ObjectNode turn = WireJson.mapper().createObjectNode().put("threadId", "thr_1");
        turn.putObject("turn").put("id", "turn-1").put("status", "completed");
        ada.helper.send(RelayFrames.event(ada.machineId, "turn/started", turn).toString());
        ada.helper.send(RelayFrames.event(ada.machineId, "turn/completed", turn).toString());
        String deviceId = phone.device().orElseThrow().deviceId();
        String copy = "A".repeat(200);
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < SealedFrames.MAX_PUSH_DEVICES + 1; i++) {
            tooMany.put(String.format("%021dA", i), copy);
        }
        for (ObjectNode frame : List.of(SealedFrames.push("mch_someoneElse", "apv_x", "approval", Map.of(deviceId, copy)),
                SealedFrames.push(ada.machineId, "apv x", "approval", Map.of(deviceId, copy)),
                SealedFrames.push(ada.machineId, "apv_x", "turnEnded", Map.of(deviceId, copy)),
                SealedFrames.push(ada.machineId, "", "approval", Map.of(deviceId, copy)),
                SealedFrames.push(ada.machineId, "", "turnStarted", Map.of()),
                SealedFrames.push(ada.machineId, "", "turnsRunning", Map.of(deviceId, copy)),
                SealedFrames.push(ada.machineId, "apv_x", "turnsRunning", Map.of()),
                SealedFrames.push("mch_someoneElse", "", "turnsRunning", Map.of()),
                SealedFrames.push(ada.machineId, "apv_x", "approval", tooMany),
                SealedFrames.push(ada.machineId, "apv_x", "approval", Map.of()).put("sealed", "not an object"))) {
            ada.helper.send(frame.toString());
        }
        assertThat(phone.browser().next(NOTHING_WITHIN)).as("the server can no longer read cards or turns, and drops malformed pushes").isNull();

        ada.helper.send(SealedFrames.push(ada.machineId, "apv_y", "approval", Map.of(deviceId, "not base64url!", "short", copy)).toString());
        JsonNode payload = phone.browser().next(WAIT).payload().orElseThrow();
        assertThat(payload.path("approvalId").asString()).isEqualTo("apv_y");
        assertThat(payload.has("sealed")).as("a malformed copy is left out, the push still goes").isFalse();

        ada.helper.close();
        assertThat(phone.browser().next(NOTHING_WITHIN)).as("a helper leaving raises nothing either: it said no turn runs").isNull();
    }

    @Test
    void aTurnThatEndedReachesTheDevicesThatOptedInSealedAndNamingNoApproval() throws Exception {
        var opted = ada.phone(Map.of("turnEnded", true));
        var hidden = ada.phone(Map.of("turnEnded", true, "hideDetails", true));
        var approvalsOnly = ada.phone();

        ada.turnEnded("Fix the flaky test", "failed");

        PushDelivery delivery = opted.browser().next(WAIT);
        assertThat(delivery.accepted()).isTrue();
        assertThat(delivery.urgency()).contains("normal");
        assertThat(delivery.ttl()).contains(Long.toString(PushNotifier.NOTICE_TTL.toSeconds()));
        assertThat(delivery.topic()).isEmpty();
        JsonNode payload = delivery.payload().orElseThrow();
        assertThat(payload.propertyNames()).containsExactlyInAnyOrder("type", "machineId", "machineName", "deviceId", "sealed");
        assertThat(payload.path("type").asString()).isEqualTo("turnEnded");
        assertThat(payload.path("machineId").asString()).isEqualTo(ada.machineId);
        assertThat(payload.toString()).as("the server carries the thread sealed only").doesNotContain("flaky").doesNotContain("failed");
        assertThat(opted.open(payload)).contains("\"status\":\"failed\"").contains("Fix the flaky test");

        JsonNode plain = hidden.browser().next(WAIT).payload().orElseThrow();
        assertThat(plain.propertyNames()).containsExactlyInAnyOrder("type", "machineId", "machineName", "deviceId");
        assertThat(approvalsOnly.browser().next(NOTHING_WITHIN)).isNull();
    }

    @Test
    void aHelperLeavingIsToldToTheDevicesThatOptedInOnlyWhileATurnRuns() throws Exception {
        var opted = ada.phone(Map.of("machineOffline", true));
        var others = ada.phone(Map.of("turnEnded", true));

        ada.signal(ada.helper, SealedFrames.PUSH_TURNS_RUNNING);
        ada.signal(ada.helper, SealedFrames.PUSH_TURNS_IDLE);
        ada.helper.close();
        assertThat(opted.browser().next(NOTHING_WITHIN)).as("no turn ran when it left").isNull();

        var again = ada.reconnect();
        ada.signal(again, SealedFrames.PUSH_TURNS_RUNNING);
        ada.signal(again, SealedFrames.PUSH_TURNS_RUNNING); // Said again, as after a reconnect: still one push.
        again.close();

        PushDelivery delivery = opted.browser().next(WAIT);
        assertThat(delivery.accepted()).isTrue();
        assertThat(delivery.urgency()).contains("normal");
        assertThat(delivery.ttl()).contains(Long.toString(PushNotifier.NOTICE_TTL.toSeconds()));
        JsonNode payload = delivery.payload().orElseThrow();
        assertThat(payload.propertyNames()).containsExactlyInAnyOrder("type", "machineId", "machineName");
        assertThat(payload.path("type").asString()).isEqualTo("machineOffline");
        assertThat(payload.path("machineId").asString()).isEqualTo(ada.machineId);
        assertThat(payload.path("machineName").asString()).isNotEmpty();
        assertThat(opted.browser().next(NOTHING_WITHIN)).isNull();
        assertThat(others.browser().next(NOTHING_WITHIN)).isNull();

        var third = ada.reconnect();
        third.close();
        assertThat(opted.browser().next(NOTHING_WITHIN)).as("the busy flag left with the socket").isNull();
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
