package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.Decision;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.E2eLimits;
import net.flydex.protocol.e2e.Introduction;
import net.flydex.protocol.e2e.Offer;
import net.flydex.testkit.DesktopPageCalls;
import net.flydex.testkit.RelayClient;
import net.flydex.testkit.SealedDevice;
import net.flydex.testkit.SealedSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * T13, how a device becomes trusted and stops being trusted, against the real server and helper:
 * an offer works once, for its own helper (its expiry, by the helper's clock, is the helper's
 * {@code E2eRoutesTest}: a process here could only wait out the 120 s); an introduction through the relay
 * ("Add a device") pins the helper only when its proof checks; a revoked device is refused at
 * every door (open session, hello, decision); a device whose keys were wiped is a stranger until
 * introduced again; the local API refuses what cannot be an introduction.
 */
class IntroductionIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ControlPlane plane;
    private PairedDesktop desktop;
    private String origin;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        plane = new ControlPlane();
        desktop = PairedDesktop.link(plane, dir.resolve("desk"), "trust@example.com");
        origin = plane.url.toString();
    }

    @AfterEach
    void stop() {
        desktop.close();
        plane.close();
    }

    @Test
    void anOfferWorksOnceAndOnlyForItsOwnHelper() throws Exception {
        Offer offer = offer(desktop);
        assertThat(SealedDevice.create("first").introduceLocally(desktop.helper.port, origin, desktop.machineId, offer)).isEmpty();
        Optional<DesktopPageCalls.Answer> twice = SealedDevice.create("second").introduceLocally(desktop.helper.port, origin,
                desktop.machineId, offer);
        assertThat(twice).hasValueSatisfying(answer -> {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.errorCode()).isEqualTo("offer_unknown");
        });

        // "Add a device" through the relay: the introduction travels through the server, the helper's proof is checked, then it steers.
        try (RelayClient owner = RelayClient.connect(plane.url, origin, desktop.ownerToken)) {
            SealedDevice added = SealedDevice.create("added tablet");
            var pending = added.introduce(offer(desktop));
            JsonNode accepted = introduceThroughRelay(owner, desktop.machineId, pending.message());
            assertThat(accepted.path("type").asString()).as(accepted.toString()).isEqualTo("result");
            added.confirm(desktop.machineId, pending, accepted.path("result"));
            try (RelayClient tablet = CodexTurns.subscribed(plane.url, origin, desktop.ownerToken, added, desktop.machineId)) {
                assertThat(tablet.rpc(desktop.machineId, "approvals/list", "{}", WAIT).path("type").asString()).isEqualTo("result");
            }

            // Another machine's QR, answered to this one: this helper never made that offer.
            try (PairedDesktop other = PairedDesktop.link(plane, dir.resolve("other"), "other@example.com")) {
                JsonNode foreign = introduceThroughRelay(owner, desktop.machineId, SealedDevice.create("confused").introduce(offer(other)).message());
                assertThat(foreign.path("error").path("code").asString()).as(foreign.toString()).isEqualTo("e2e_refused");
                assertThat(foreign.path("error").path("message").asString()).isEqualTo("offer_unknown");
            }
        }
    }

    @Test
    void aRevokedDeviceIsRefusedEverywhereAndAWipedOneIsTrustedOnlyOnceIntroducedAgain() throws Exception {
        SealedDevice tabletDevice = desktop.introduce("tablet");
        Path work = Files.createDirectories(dir.resolve("work"));
        try (RelayClient phone = CodexTurns.subscribedPhone(plane, desktop);
                RelayClient tablet = CodexTurns.subscribed(plane.url, origin, desktop.ownerToken, tabletDevice, desktop.machineId)) {
            JsonNode listed = phone.rpc(desktop.machineId, SealedFrames.DEVICES_LIST, "{}", WAIT).path("result");
            assertThat(listed.path("devices").findValuesAsString("deviceId")).containsExactlyInAnyOrder(desktop.device.deviceId(),
                    tabletDevice.deviceId());
            assertThat(listed.path("devices")).anySatisfy(d -> {
                assertThat(d.path("deviceId").asString()).isEqualTo(desktop.device.deviceId());
                assertThat(d.path("current").asBoolean()).isTrue();
                assertThat(d.path("fingerprint").asString()).isEqualTo(desktop.device.fingerprint());
            });
            assertThat(listed.path("helperFingerprint").asString()).isEqualTo(desktop.device.helper(desktop.machineId).fingerprint());
            String thread = CodexTurns.startThread(phone, desktop.machineId, work);
            CodexTurns.startTurn(phone, desktop.machineId, thread, "CMD: echo revoked > revoked.txt");
            String approvalId = tablet.await(f -> f.path("type").asString("").equals("approval"), WAIT).path("approval").path("approvalId").asString();

            for (String bad : List.of("{}", "{\"deviceId\":7}")) {
                assertThat(phone.rpc(desktop.machineId, SealedFrames.DEVICES_REVOKE, bad, WAIT).path("error").path("code").asString())
                        .as(bad).isEqualTo("bad_request");
            }
            assertThat(phone.rpc(desktop.machineId, SealedFrames.DEVICES_REVOKE, "{\"deviceId\":\"AAAAAAAAAAAAAAAAAAAAAA\"}", WAIT)
                    .path("error").path("code").asString()).isEqualTo("not_found");
            JsonNode revoked = phone.rpc(desktop.machineId, SealedFrames.DEVICES_REVOKE, WireJson.mapper().createObjectNode()
                    .put("deviceId", tabletDevice.deviceId()), WAIT);
            assertThat(revoked.path("type").asString()).as(revoked.toString()).isEqualTo("result");

            // Its open session ends, its hello and its decisions are refused.
            tablet.await(f -> f.path("type").asString("").equals(SealedFrames.CLOSED) && f.path("reason").asString("").equals("device_unknown"),
                    WAIT);
            JsonNode hello = tablet.handshake(desktop.machineId, WAIT);
            assertThat(hello.path("error").path("code").asString()).as(hello.toString()).isEqualTo("device_unknown");
            var decided = desktop.owner.post("/api/machines/" + desktop.machineId + "/approvals/" + approvalId + "/decision",
                    Map.of("deviceId", tabletDevice.deviceId(), "sealed", tabletDevice.sealDecision(desktop.machineId, approvalId, Decision.ACCEPT,
                            "revoked")));
            assertThat(decided.errorCode()).isEqualTo("device_unknown");
            assertThat(phone.rpc(desktop.machineId, SealedFrames.DEVICES_LIST, "{}", WAIT).path("result").path("devices")
                    .findValuesAsString("deviceId")).containsExactly(desktop.device.deviceId());
            assertThat(work.resolve("revoked.txt")).doesNotExist();

            // The phone's storage was cleared: a new key, the helper's key still known from the QR. A stranger until introduced again.
            SealedDevice wiped = SealedDevice.create("phone, site data cleared");
            wiped.pin(desktop.machineId, desktop.device.helper(desktop.machineId));
            try (RelayClient again = RelayClient.connect(plane.url, origin, desktop.ownerToken, wiped)) {
                assertThat(again.handshake(desktop.machineId, WAIT).path("error").path("code").asString()).isEqualTo("device_unknown");
                assertThat(wiped.introduceLocally(desktop.helper.port, origin, desktop.machineId)).isEmpty();
                assertThat(again.handshake(desktop.machineId, WAIT).path("type").asString()).isEqualTo("result");
                assertThat(again.rpc(desktop.machineId, "approvals/list", "{}", WAIT).path("result").path("approvals")
                        .findValuesAsString("approvalId")).contains(approvalId);
            }
            phone.rpc(desktop.machineId, "approval/respond", WireJson.mapper().createObjectNode().put("approvalId", approvalId)
                    .put("decision", "decline").put("idempotencyKey", "phone"), WAIT);
        }
    }

    @Test
    void theLocalApiRefusesWhatCannotBeAnIntroduction() {
        int port = desktop.helper.port;
        assertThat(SealedDevice.offerFrom(port, "https://evil.example").status()).isEqualTo(403);
        SealedDevice device = SealedDevice.create("tester");
        Introduction valid = device.introduce(offer(desktop)).message();
        for (Object bad : List.of("{", "[]", "{}", Map.of("introduction", "x"), Map.of("introduction", Map.of("offerId", valid.offerId())))) {
            var answer = DesktopPageCalls.post(origin, port, "/v1/e2e/introduce", bad);
            assertThat(answer.status()).as(bad.toString()).isEqualTo(400);
        }
        assertThat(DesktopPageCalls.post(origin, port, "/v1/e2e/introduce", "{\"introduction\":\"" + "x".repeat(8 * 1024) + "\"}").status())
                .as("oversized").isIn(400, 413);
        assertThat(introduce(new Introduction(valid.offerId(), valid.devicePublicKey(), "x".repeat(E2eLimits.MAX_DEVICE_NAME_BYTES + 1),
                valid.proof())).errorCode()).isEqualTo("too_large");
        Introduction forged = device.introduce(offer(desktop)).message();
        assertThat(introduce(new Introduction(forged.offerId(), forged.devicePublicKey(), forged.deviceName(),
                device.introduce(offer(desktop)).message().proof())).errorCode()).as("a proof made for another offer").isEqualTo("auth_failed");
        assertThat(introduce(forged).errorCode()).as("the offer was consumed by the failed attempt").isEqualTo("offer_unknown");
        Introduction offCurve = device.introduce(offer(desktop)).message();
        assertThat(introduce(new Introduction(offCurve.offerId(), "BA" + "A".repeat(85), offCurve.deviceName(), offCurve.proof())).errorCode())
                .isIn("bad_point", "malformed");
    }

    private static Offer offer(PairedDesktop at) {
        return at.offer();
    }

    private DesktopPageCalls.Answer introduce(Introduction introduction) {
        return DesktopPageCalls.post(origin, desktop.helper.port, "/v1/e2e/introduce", Map.of("introduction", introduction));
    }

    private static JsonNode introduceThroughRelay(RelayClient owner, String machineId, Introduction introduction) {
        String id = owner.nextId();
        owner.send(SealedFrames.introduce(id, machineId, SealedDevice.json(introduction)).toString());
        return owner.await(f -> f.path("id").asString("").equals(id), WAIT);
    }
}
