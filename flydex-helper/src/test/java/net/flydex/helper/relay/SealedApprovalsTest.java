package net.flydex.helper.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import net.flydex.protocol.Decision;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.Base64Url;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Approvals across devices and sessions, decisions taken on a notification, and revocation, against the real Codex. */
class SealedApprovalsTest extends WithRelay {
    @Test
    void aDecisionSealedOnANotificationIsAppliedOnceAndForgeriesAreRefused() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        String approvalId = awaitCommandApproval(phone, "CMD: echo decided > decided.txt");
        String sealed = phone.client.sealDecision(phone.helper, RelayHarness.MACHINE, approvalId, Decision.ACCEPT, "idem-1");

        JsonNode forged = decide(phone.deviceId(), approvalId, flipLastBit(sealed));
        assertThat(forged.path("error").path("code").asString()).isEqualTo("e2e_refused");
        assertThat(forged.path("error").path("message").asString()).isEqualTo("auth_failed");
        SealedDevice other = harness.device("other");
        assertThat(decide(other.deviceId(), approvalId, sealed).path("error").path("message").asString()).isEqualTo("auth_failed");
        assertThat(decide("AAAAAAAAAAAAAAAAAAAAAA", approvalId, sealed).path("error").path("code").asString()).isEqualTo("device_unknown");
        assertThat(decide(phone.deviceId(), "apv_someOtherApproval", sealed).path("error").path("code").asString()).isEqualTo("e2e_refused");

        JsonNode applied = decide(phone.deviceId(), approvalId, sealed);
        assertThat(applied.path("type").asString()).isEqualTo("result");
        assertThat(applied.path("result").path("decision").asString()).isEqualTo("accept");
        JsonNode replayed = decide(phone.deviceId(), approvalId, sealed);
        assertThat(replayed.path("result")).isEqualTo(applied.path("result"));

        phone.awaitOpened(o -> o.type().equals(SealedFrames.APPROVAL_RESOLVED) && o.frame().path("approvalId").asString().equals(approvalId));
        phone.awaitOpened(o -> o.plaintext().path("method").asString().equals("turn/completed"));
        assertThat(phone.awaitCommandCompleted().path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(work.resolve("decided.txt"))).isEqualTo("decided\n");
    }

    @Test
    void aStaleDecisionIsRefused() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        String approvalId = awaitCommandApproval(phone, "CMD: echo stale > stale.txt");
        String sealed = phone.client.sealDecision(phone.helper, RelayHarness.MACHINE, approvalId, Decision.ACCEPT, "idem-stale");
        harness.clock.advance(net.flydex.protocol.e2e.E2eLimits.DECISION_MAX_AGE.plusSeconds(1));

        assertThat(decide(phone.deviceId(), approvalId, sealed).path("error").path("message").asString()).isEqualTo("stale");
        assertThat(work.resolve("stale.txt")).doesNotExist();
    }

    @Test
    void everySessionGetsPendingApprovalsOnHandshakeAndEveryEventSealedForItself() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        String approvalId = awaitCommandApproval(phone, "CMD: echo later > later.txt");

        SealedDevice laptop = harness.device("laptop").connect();
        SealedDevice.Opened pending = laptop.awaitOpened(o -> o.type().equals(SealedFrames.APPROVAL));
        assertThat(pending.frame().path("approvalId").asString()).isEqualTo(approvalId);
        assertThat(pending.plaintext().path("command").asString()).contains("echo later");

        laptop.result("approval/respond", "{\"approvalId\":\"" + approvalId + "\",\"decision\":\"decline\",\"idempotencyKey\":\"k\"}");
        for (SealedDevice device : new SealedDevice[] {phone, laptop}) {
            device.awaitOpened(o -> o.type().equals(SealedFrames.APPROVAL_RESOLVED) && o.plaintext().path("decision").asString().equals("decline"));
            device.awaitOpened(o -> o.plaintext().path("method").asString().equals("turn/completed"));
        }
        assertThat(work.resolve("later.txt")).doesNotExist();
        // The laptop was introduced after the approval's push, before its resolution's.
        JsonNode asked = harness.uplink.awaitFrame(f -> f.path("type").asString().equals(SealedFrames.PUSH) && f.path("kind").asString().equals("approval"));
        assertThat(asked.path("sealed").propertyNames()).containsExactly(phone.deviceId());
        JsonNode resolved = harness.uplink.awaitFrame(f -> f.path("kind").asString().equals("approvalResolved"));
        assertThat(resolved.path("sealed").propertyNames()).containsExactlyInAnyOrder(phone.deviceId(), laptop.deviceId());
        assertThat(WireJson.mapper().readTree(laptop.client.openPush(laptop.helper, RelayHarness.MACHINE, "approvalResolved", approvalId,
                resolved.path("sealed").path(laptop.deviceId()).asString())).path("decision").asString()).isEqualTo("decline");
    }

    @Test
    void aRevokedDeviceIsToldOnceAndGetsNothingMore() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        harness.clock.advance(java.time.Duration.ofSeconds(1)); // Introduced later: listed second.
        SealedDevice lost = harness.device("lost phone").connect();

        JsonNode list = phone.result(SealedFrames.DEVICES_LIST, "{}");
        assertThat(list.path("helperFingerprint").asString()).isEqualTo(harness.e2e.fingerprint());
        assertThat(list.path("devices")).hasSize(2);
        assertThat(list.path("devices").path(0).path("name").asString()).isEqualTo("phone");
        assertThat(list.path("devices").path(0).path("current").asBoolean()).isTrue();
        assertThat(list.path("devices").path(1).path("current").asBoolean()).isFalse();
        assertThat(list.path("devices").path(1).path("fingerprint").asString()).isEqualTo(lost.client.fingerprint());

        assertThat(phone.call(SealedFrames.DEVICES_REVOKE, "{\"deviceId\":\"nobody\"}").path("error").path("code").asString()).isEqualTo("not_found");
        assertThat(phone.call(SealedFrames.DEVICES_REVOKE, "{}").path("error").path("code").asString()).isEqualTo("bad_request");
        assertThat(phone.result(SealedFrames.DEVICES_REVOKE, "{\"deviceId\":\"" + lost.deviceId() + "\"}").path("revoked").asString())
                .isEqualTo(lost.deviceId());

        JsonNode closed = harness.uplink.awaitFrame(f -> f.path("type").asString().equals(SealedFrames.CLOSED));
        assertThat(closed.path("deviceId").asString()).isEqualTo(lost.deviceId());
        assertThat(closed.path("reason").asString()).isEqualTo("device_unknown");
        assertThat(harness.e2e.devices("").devices()).extracting(d -> d.deviceId()).containsExactly(phone.deviceId());
        int seenByLost = lost.opened().size();

        phone.result("thread/start", RelayHarness.threadIn(work).toString());
        String relayId = lost.send("approvals/list", WireJson.mapper().createObjectNode());
        assertThat(harness.uplink.answer(relayId).path("error").path("code").asString()).isEqualTo("session_unknown");
        JsonNode hello = lost.hello(lost.client.handshake(lost.helper, RelayHarness.MACHINE));
        assertThat(hello.path("error").path("code").asString()).isEqualTo("device_unknown");
        assertThat(lost.opened()).hasSize(seenByLost);
    }

    @Test
    void aTrustedDeviceRenamesAnotherAndBadInputChangesNothing() throws Exception {
        SealedDevice phone = harness.device("Chrome on Android").connect();
        SealedDevice laptop = harness.device("Firefox on Linux").connect();
        String id = laptop.deviceId();

        for (String bad : new String[] {"{}", "{\"deviceId\":\"" + id + "\"}", "{\"deviceId\":\"" + id + "\",\"name\":7}",
                "{\"deviceId\":\"" + id + "\",\"name\":\"\"}", "{\"deviceId\":\"" + id + "\",\"name\":\"two\\nlines\"}",
                "{\"deviceId\":\"" + id + "\",\"name\":\"" + "x".repeat(net.flydex.protocol.e2e.E2eLimits.MAX_DEVICE_NAME_BYTES + 1) + "\"}"}) {
            JsonNode refused = phone.call(SealedFrames.DEVICES_RENAME, bad);
            assertThat(refused.path("error").path("code").asString()).as(bad).isEqualTo("bad_request");
            assertThat(refused.path("error").path("message").asString()).as(bad).isNotBlank();
        }
        assertThat(phone.call(SealedFrames.DEVICES_RENAME, "{\"deviceId\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"name\":\"mine\"}")
                .path("error").path("code").asString()).isEqualTo("not_found");
        assertThat(harness.e2e.devices("").devices()).extracting(d -> d.name()).containsExactlyInAnyOrder("Chrome on Android", "Firefox on Linux");

        JsonNode renamed = phone.result(SealedFrames.DEVICES_RENAME, "{\"deviceId\":\"" + id + "\",\"name\":\"Ada’s laptop\"}");
        assertThat(renamed.path("renamed").asString()).isEqualTo(id);
        assertThat(renamed.path("name").asString()).isEqualTo("Ada’s laptop");
        assertThat(laptop.result(SealedFrames.DEVICES_LIST, "{}").path("devices").findValuesAsString("name")).contains("Ada’s laptop");

        // Only a trusted device may rename: once revoked, its session is gone and its rpcs reach nothing.
        phone.result(SealedFrames.DEVICES_REVOKE, "{\"deviceId\":\"" + id + "\"}");
        String relayId = laptop.send(SealedFrames.DEVICES_RENAME, WireJson.mapper().createObjectNode().put("deviceId", phone.deviceId()).put("name", "pwned"));
        assertThat(harness.uplink.answer(relayId).path("error").path("code").asString()).isEqualTo("session_unknown");
        assertThat(harness.e2e.devices("").devices()).extracting(d -> d.name()).containsExactly("Chrome on Android");
    }

    @Test
    void aDeviceIntroducesItselfThroughTheRelayOncePerOffer() throws Exception {
        var client = new net.flydex.protocol.e2e.DeviceClient(net.flydex.protocol.e2e.P256.generate(new java.security.SecureRandom()),
                harness.clock, net.flydex.protocol.e2e.KeySource.from(new java.security.SecureRandom()));
        var pending = client.introduce(net.flydex.protocol.e2e.Offer.parse(harness.e2e.offer().offer()), "second phone");
        JsonNode introduction = WireJson.mapper().valueToTree(pending.message());

        harness.relay.onServerFrame(SealedFrames.introduce("i1", "", introduction));
        JsonNode accepted = harness.uplink.answer("i1").path("result");
        assertThat(accepted.path("deviceId").asString()).isEqualTo(client.deviceId());
        pending.confirm(new net.flydex.protocol.e2e.IntroductionAccepted(accepted.path("deviceId").asString(), accepted.path("proof").asString()));

        harness.relay.onServerFrame(SealedFrames.introduce("i2", "", introduction));
        assertThat(harness.uplink.answer("i2").path("error").path("message").asString()).isEqualTo("offer_unknown");
        harness.relay.onServerFrame(SealedFrames.introduce("i3", "", WireJson.mapper().createObjectNode().put("offerId", 7)));
        assertThat(harness.uplink.answer("i3").path("error").path("message").asString()).isEqualTo("malformed");
        assertThat(harness.e2e.trusted().isTrusted(client.deviceId())).isTrue();
    }

    private String awaitCommandApproval(SealedDevice device, String prompt) throws Exception {
        String thread = device.result("thread/start", RelayHarness.threadIn(work).toString()).path("thread").path("id").asString();
        device.result("turn/start", RelayHarness.turn(thread, prompt).toString());
        return device.awaitOpened(o -> o.type().equals(SealedFrames.APPROVAL)).frame().path("approvalId").asString();
    }

    private JsonNode decide(String deviceId, String approvalId, String sealed) {
        String id = SealedDevice.relayId();
        harness.relay.onServerFrame(SealedFrames.decision(id, deviceId, approvalId, sealed));
        return harness.uplink.answer(id);
    }

    private static String flipLastBit(String sealed) throws Exception {
        byte[] bytes = Base64Url.decode(sealed);
        bytes[bytes.length - 1] ^= 1;
        return Base64Url.encode(bytes);
    }
}
