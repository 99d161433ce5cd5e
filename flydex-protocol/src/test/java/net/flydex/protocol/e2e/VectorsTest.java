package net.flydex.protocol.e2e;

import static net.flydex.protocol.e2e.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.flydex.protocol.Decision;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs vectors-v1.json through the Java implementation, as {@code E2eBrowserIT} runs it through
 * e2e.js: the public API, given the vectors' fixed keys, randomness and clock, must produce every
 * valid message byte for byte, open each one, and refuse every invalid one for the stated reason.
 */
class VectorsTest {
    private static JsonNode v;
    private static P256.KeyPair device;
    private static P256.KeyPair helper;
    private static String machineId;
    private static String deviceId;
    private static Instant madeAt;

    @BeforeAll
    static void load() throws Exception {
        v = Vectors.load();
        device = Vectors.key(v, "device");
        helper = Vectors.key(v, "helper");
        machineId = v.path("machineId").asString();
        deviceId = P256.deviceId(device.publicKey());
        madeAt = Instant.ofEpochMilli(v.path("madeAt").asLong());
    }

    private static P256.KeyPair key(String name) throws E2eException {
        return Vectors.key(v, name);
    }

    private static Clock clock() {
        return Clock.fixed(madeAt, ZoneOffset.UTC);
    }

    /** A helper that trusts the vectors' device, its endpoint answering with the fixed ephemerals. */
    private static HelperEndpoint endpoint(TrustedDevices devices, Clock clock) throws E2eException {
        return new HelperEndpoint(machineId, helper, devices, clock, Fixed.keys(key("helperEphemeral"), key("pushEphemeral")));
    }

    private static TrustedDevices trusting() {
        return new TrustedDevices(List.of(new TrustedDevice(deviceId, device.publicKey(), v.path("deviceName").asString(), madeAt)));
    }

    private static DeviceClient client() throws E2eException {
        return new DeviceClient(device, clock(), Fixed.keys(key("deviceEphemeral"), key("decisionEphemeral")));
    }

    private static TrustedHelper trustedHelper() {
        return new TrustedHelper(helper.publicKey());
    }

    private static Session helperSession() throws E2eException {
        return endpoint(trusting(), clock()).answer(deviceId, v.path("handshake").path("hello").asString()).session();
    }

    private static Session deviceSession() throws E2eException {
        return client().handshake(trustedHelper(), machineId).finish(v.path("handshake").path("reply").asString());
    }

    @Test
    void hkdfMatchesTheRfcCases() {
        HexFormat hex = HexFormat.of();
        for (JsonNode c : v.path("hkdf")) {
            byte[] okm = Hkdf.derive(hex.parseHex(c.path("salt").asString()), hex.parseHex(c.path("ikm").asString()),
                    hex.parseHex(c.path("info").asString()), c.path("length").asInt());
            assertThat(hex.formatHex(okm)).as(c.path("name").asString()).isEqualTo(c.path("okm").asString());
        }
    }

    @Test
    void keysHaveTheirIdsAndFingerprints() throws Exception {
        for (var entry : v.path("keys").properties()) {
            byte[] publicKey = Vectors.bytes(entry.getValue(), "publicKey");
            P256.checkPoint(publicKey);
            assertThat(P256.deviceId(publicKey)).isEqualTo(entry.getValue().path("deviceId").asString()).hasSize(22);
            assertThat(P256.fingerprint(publicKey)).isEqualTo(entry.getValue().path("fingerprint").asString()).matches("[0-9A-F]{4}( [0-9A-F]{4}){3}");
        }
    }

    @Test
    void theHelperMakesTheOfferAndTheDeviceReadsIt() throws Exception {
        JsonNode offer = v.path("offer");
        Introductions introductions = new Introductions(helper, new TrustedDevices(List.of()), clock(),
                Fixed.bytes(Vectors.bytes(offer, "offerId"), Vectors.bytes(offer, "secret")));
        assertThat(introductions.offer().encode()).isEqualTo(offer.path("encoded").asString());
        Offer read = Offer.parse(offer.path("encoded").asString());
        assertThat(read.helperKey()).isEqualTo(helper.publicKey());
        assertThat(read.expiresAt().toEpochMilli()).isEqualTo(offer.path("expiresAt").asLong());
    }

    @Test
    void introductionRunsAsRecorded() throws Exception {
        JsonNode offer = v.path("offer");
        JsonNode recorded = v.path("introduction");
        TrustedDevices devices = new TrustedDevices(List.of());
        Introductions introductions = new Introductions(helper, devices, clock(),
                Fixed.bytes(Vectors.bytes(offer, "offerId"), Vectors.bytes(offer, "secret")));
        introductions.offer();
        var pending = client().introduce(Offer.parse(offer.path("encoded").asString()), v.path("deviceName").asString());
        assertThat(WireJson.mapper().valueToTree(pending.message()).equals(recorded.path("message"))).isTrue();
        IntroductionAccepted accepted = introductions.accept(pending.message());
        assertThat(WireJson.mapper().valueToTree(accepted).equals(recorded.path("accepted"))).isTrue();
        assertThat(pending.confirm(accepted).publicKey()).isEqualTo(helper.publicKey());
        assertThat(devices.find(deviceId)).get().extracting(TrustedDevice::name).isEqualTo(v.path("deviceName").asString());
    }

    @Test
    void handshakeAndFramesRunAsRecorded() throws Exception {
        JsonNode hs = v.path("handshake");
        DeviceClient.Handshake handshake = client().handshake(trustedHelper(), machineId);
        assertThat(handshake.hello()).isEqualTo(hs.path("hello").asString());
        HelperEndpoint.Answer answer = endpoint(trusting(), clock()).answer(deviceId, handshake.hello());
        assertThat(answer.reply()).isEqualTo(hs.path("reply").asString());
        SessionKeys keys = SessionKeys.helper(helper.privateKey(), helper.publicKey(), key("helperEphemeral"), device.publicKey(),
                key("deviceEphemeral").publicKey());
        assertThat(Base64Url.encode(keys.deviceToHelper())).isEqualTo(hs.path("deviceToHelperKey").asString());
        assertThat(Base64Url.encode(keys.helperToDevice())).isEqualTo(hs.path("helperToDeviceKey").asString());
        Session deviceSide = handshake.finish(answer.reply());
        Session helperSide = answer.session();
        assertThat(deviceSide.sessionId()).isEqualTo(hs.path("sessionId").asString()).isEqualTo(helperSide.sessionId()).hasSize(16);
        for (JsonNode f : v.path("frames")) {
            boolean fromDevice = f.path("from").asString().equals("device");
            String type = f.path("type").asString(), ref = f.path("ref").asString();
            String frame = (fromDevice ? deviceSide : helperSide).seal(type, ref, Vectors.utf8(f, "plaintext"));
            assertThat(frame).isEqualTo(f.path("frame").asString());
            assertThat(new String((fromDevice ? helperSide : deviceSide).open(type, ref, frame), StandardCharsets.UTF_8))
                    .isEqualTo(f.path("plaintext").asString());
        }
    }

    @Test
    void pushAndDecisionRunAsRecorded() throws Exception {
        JsonNode push = v.path("push");
        JsonNode decision = v.path("decision");
        TrustedDevices devices = trusting();
        HelperEndpoint endpoint = new HelperEndpoint(machineId, helper, devices, clock(), Fixed.keys(key("pushEphemeral")));
        String sealedPush = endpoint.sealPush(deviceId, push.path("type").asString(), push.path("ref").asString(), Vectors.utf8(push, "plaintext"));
        assertThat(sealedPush).isEqualTo(push.path("sealed").asString());
        DeviceClient client = new DeviceClient(device, clock(), Fixed.keys(key("decisionEphemeral")));
        assertThat(new String(client.openPush(trustedHelper(), machineId, push.path("type").asString(), push.path("ref").asString(), sealedPush),
                StandardCharsets.UTF_8)).isEqualTo(push.path("plaintext").asString());
        String sealedDecision = client.sealDecision(trustedHelper(), machineId, decision.path("approvalId").asString(),
                Decision.fromWire(decision.path("decision").asString()).orElseThrow(), decision.path("idempotencyKey").asString());
        assertThat(sealedDecision).isEqualTo(decision.path("sealed").asString());
        DecisionMessage opened = endpoint.openDecision(deviceId, decision.path("approvalId").asString(), sealedDecision);
        assertThat(opened).isEqualTo(new DecisionMessage(decision.path("approvalId").asString(), Decision.ACCEPT,
                decision.path("idempotencyKey").asString(), decision.path("issuedAt").asLong()));
        assertThat(new String(opened.toJson(), StandardCharsets.UTF_8)).isEqualTo(decision.path("plaintext").asString());
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidCaseIsRefusedForItsReason() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : v.path("invalid")) {
            tests.add(DynamicTest.dynamicTest(c.path("kind").asString() + ": " + c.path("name").asString(), () -> run(c)));
        }
        assertThat(tests).hasSizeGreaterThan(40);
        return tests.stream();
    }

    private static Failure failure(JsonNode node) {
        String wire = node.path("failure").asString();
        return Stream.of(Failure.values()).filter(f -> f.wire().equals(wire)).findFirst().orElseThrow();
    }

    private static void run(JsonNode c) throws Exception {
        Failure failure = failure(c);
        switch (c.path("kind").asString()) {
            case "frame" -> {
                Session session = c.path("receiver").asString().equals("helper") ? helperSession() : deviceSession();
                for (JsonNode step : c.path("steps")) {
                    String type = step.path("type").asString(), ref = step.path("ref").asString(), frame = step.path("frame").asString();
                    if (step.has("failure")) {
                        refused(failure(step), () -> session.open(type, ref, frame));
                    } else {
                        assertThat(new String(session.open(type, ref, frame), StandardCharsets.UTF_8)).isEqualTo(step.path("plaintext").asString());
                    }
                }
                assertThat(session.isClosed()).isTrue();
            }
            case "oneShot" -> {
                OneShot.Purpose purpose = OneShot.Purpose.valueOf(c.path("purpose").asString().toUpperCase());
                P256.KeyPair recipient = key(c.path("receiver").asString());
                byte[] sender = key(c.path("senderKey").asString()).publicKey();
                JsonNode e = c.path("envelope");
                Envelope envelope = new Envelope(e.path("machineId").asString(), e.path("deviceId").asString(), e.path("type").asString(),
                        e.path("ref").asString());
                refused(failure, () -> OneShot.open(purpose, recipient, sender, envelope, c.path("sealed").asString()));
            }
            case "point" -> refused(failure, () -> P256.checkPoint(Vectors.bytes(c, "publicKey")));
            case "offer" -> refused(failure, () -> Offer.parse(c.path("encoded").asString()));
            case "helperProof" -> {
                var pending = client().introduce(Offer.parse(v.path("offer").path("encoded").asString()), v.path("deviceName").asString());
                JsonNode a = c.path("accepted");
                refused(failure, () -> pending.confirm(new IntroductionAccepted(a.path("deviceId").asString(), a.path("proof").asString())));
            }
            case "reply" -> refused(failure, () -> client().handshake(trustedHelper(), machineId).finish(c.path("reply").asString()));
            case "introduction" -> {
                JsonNode offer = v.path("offer");
                Fixed.SettableClock clock = new Fixed.SettableClock(madeAt);
                Introductions introductions = new Introductions(helper, new TrustedDevices(List.of()), clock,
                        Fixed.bytes(Vectors.bytes(offer, "offerId"), Vectors.bytes(offer, "secret")));
                introductions.offer();
                clock.set(Instant.ofEpochMilli(c.path("at").asLong()));
                if (c.path("acceptValidFirst").asBoolean()) {
                    introductions.accept(introduction(v.path("introduction").path("message")));
                }
                refused(failure, () -> introductions.accept(introduction(c.path("message"))));
            }
            case "hello" -> refused(failure, () -> endpoint(trusting(), clock()).answer(c.path("deviceId").asString(), c.path("hello").asString()));
            case "decisionAt" -> {
                Clock at = Clock.fixed(Instant.ofEpochMilli(c.path("at").asLong()), ZoneOffset.UTC);
                JsonNode d = v.path("decision");
                refused(failure, () -> endpoint(trusting(), at).openDecision(deviceId, d.path("approvalId").asString(), d.path("sealed").asString()));
            }
            default -> throw new AssertionError("unknown kind " + c.path("kind").asString());
        }
    }

    private static Introduction introduction(JsonNode m) {
        return WireJson.mapper().treeToValue(m, Introduction.class);
    }
}
