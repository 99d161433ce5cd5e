package net.flydex.protocol.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import net.flydex.protocol.Decision;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@code src/test/resources/e2e/vectors-v1.json}, the vectors the Java ({@link VectorsTest})
 * and the browser ({@code E2eBrowserIT}) implementations both pass. Run it only when the suite
 * changes:
 *
 * <pre>./mvnw -B -q -pl flydex-protocol test -Dtest=VectorsGenerator -Dflydex.e2e.writeVectors=true</pre>
 *
 * <p>Keys, offer id and secret are read back from the existing file, so a run reproduces it byte
 * for byte unless the protocol changed; without a file they are drawn fresh once. Everything else
 * follows from them through the public API, with fixed ephemerals and a fixed clock.
 */
@EnabledIfSystemProperty(named = "flydex.e2e.writeVectors", matches = "true")
class VectorsGenerator {
    static final Path FILE = Path.of("src/test/resources/e2e/vectors-v1.json");
    static final String MACHINE_ID = "m_2QxVb7Lq0cT1sZ9nK3wY4A";
    static final String DEVICE_NAME = "Ada’s phone (Safari)";
    static final String APPROVAL_ID = "ap_Yk3r8VdLw1Qm6Hc0zT5uNg";
    static final Instant MADE_AT = Instant.parse("2026-12-07T07:00:00.250Z");
    static final String[] KEY_NAMES = {"device", "helper", "deviceEphemeral", "helperEphemeral", "pushEphemeral", "decisionEphemeral",
            "otherDevice"};

    @Test
    void write() throws Exception {
        ObjectNode previous = Files.exists(FILE) ? (ObjectNode) WireJson.mapper().readTree(FILE.toFile()) : null;
        SecureRandom fresh = new SecureRandom();
        ObjectNode root = WireJson.mapper().createObjectNode();
        root.put("suite", "flydex-e2e-v1");
        root.put("about", "Test vectors of docs/e2e.md. Bytes are base64url without padding, except the RFC 5869 cases (hex, "
                + "as in the RFC); times are epoch milliseconds. Written by VectorsGenerator; do not edit by hand.");
        root.set("hkdf", rfc5869());

        ObjectNode keys = root.putObject("keys");
        P256.KeyPair[] pairs = new P256.KeyPair[KEY_NAMES.length];
        for (int i = 0; i < KEY_NAMES.length; i++) {
            pairs[i] = previous != null
                    ? P256.fromScalar(Vectors.bytes(previous.path("keys").path(KEY_NAMES[i]), "scalar"),
                            Vectors.bytes(previous.path("keys").path(KEY_NAMES[i]), "publicKey"))
                    : P256.generate(fresh);
            ObjectNode key = keys.putObject(KEY_NAMES[i]);
            key.put("scalar", Base64Url.encode(P256.scalar(pairs[i].privateKey())));
            key.put("publicKey", Base64Url.encode(pairs[i].publicKey()));
            key.put("deviceId", P256.deviceId(pairs[i].publicKey()));
            key.put("fingerprint", P256.fingerprint(pairs[i].publicKey()));
        }
        P256.KeyPair device = pairs[0], helper = pairs[1];
        byte[] offerId = previous != null ? Vectors.bytes(previous.path("offer"), "offerId") : randomBytes(fresh, E2eLimits.OFFER_ID_BYTES);
        byte[] secret = previous != null ? Vectors.bytes(previous.path("offer"), "secret") : randomBytes(fresh, E2eLimits.OFFER_SECRET_BYTES);

        root.put("machineId", MACHINE_ID);
        root.put("deviceName", DEVICE_NAME);
        root.put("madeAt", MADE_AT.toEpochMilli());
        Clock clock = Clock.fixed(MADE_AT, ZoneOffset.UTC);
        TrustedDevices devices = new TrustedDevices(List.of());
        Introductions introductions = new Introductions(helper, devices, clock, Fixed.bytes(offerId, secret));
        Offer offer = introductions.offer();
        ObjectNode offerNode = root.putObject("offer");
        offerNode.put("offerId", Base64Url.encode(offerId));
        offerNode.put("secret", Base64Url.encode(secret));
        offerNode.put("expiresAt", offer.expiresAt().toEpochMilli());
        offerNode.put("encoded", offer.encode());

        DeviceClient client = new DeviceClient(device, clock, Fixed.keys(pairs[2], pairs[5]));
        DeviceClient.PendingIntroduction pending = client.introduce(Offer.parse(offer.encode()), DEVICE_NAME);
        IntroductionAccepted accepted = introductions.accept(pending.message());
        TrustedHelper trusted = pending.confirm(accepted);
        ObjectNode intro = root.putObject("introduction");
        intro.set("message", WireJson.mapper().valueToTree(pending.message()));
        intro.set("accepted", WireJson.mapper().valueToTree(accepted));

        HelperEndpoint endpoint = new HelperEndpoint(MACHINE_ID, helper, devices, clock, Fixed.keys(pairs[3], pairs[4]));
        DeviceClient.Handshake handshake = client.handshake(trusted, MACHINE_ID);
        HelperEndpoint.Answer answer = endpoint.answer(client.deviceId(), handshake.hello());
        Session deviceSession = handshake.finish(answer.reply());
        Session helperSession = answer.session();
        SessionKeys sessionKeys = SessionKeys.device(device.privateKey(), device.publicKey(), pairs[2], helper.publicKey(), pairs[3].publicKey());
        ObjectNode hs = root.putObject("handshake");
        hs.put("hello", handshake.hello());
        hs.put("reply", answer.reply());
        hs.put("sessionId", deviceSession.sessionId());
        hs.put("deviceToHelperKey", Base64Url.encode(sessionKeys.deviceToHelper()));
        hs.put("helperToDeviceKey", Base64Url.encode(sessionKeys.helperToDevice()));

        ArrayNode frames = root.putArray("frames");
        String[][] script = {
                {"device", "rpc", "", "{\"id\":1,\"method\":\"thread/list\",\"params\":{}}"},
                {"helper", "result", "", "{\"id\":1,\"result\":{\"data\":[]}}"},
                {"device", "rpc", "", "{\"id\":2,\"method\":\"turn/start\",\"params\":{\"input\":\"héllo ✓\"}}"},
                {"helper", "approval", APPROVAL_ID, "{\"approvalId\":\"" + APPROVAL_ID + "\",\"command\":\"ls -la\"}"},
                {"device", "rpc", "", ""},
        };
        for (String[] step : script) {
            Session sender = step[0].equals("device") ? deviceSession : helperSession;
            Session receiver = step[0].equals("device") ? helperSession : deviceSession;
            String frame = sender.seal(step[1], step[2], step[3].getBytes(StandardCharsets.UTF_8));
            receiver.open(step[1], step[2], frame);
            ObjectNode f = frames.addObject();
            f.put("from", step[0]);
            f.put("type", step[1]);
            f.put("ref", step[2]);
            f.put("plaintext", step[3]);
            f.put("frame", frame);
        }

        String pushPlaintext = "{\"machine\":\"studio\",\"kind\":\"command\",\"command\":\"rm -rf build\"}";
        String push = endpoint.sealPush(client.deviceId(), "approval", APPROVAL_ID, pushPlaintext.getBytes(StandardCharsets.UTF_8));
        ObjectNode pushNode = root.putObject("push");
        pushNode.put("type", "approval");
        pushNode.put("ref", APPROVAL_ID);
        pushNode.put("plaintext", pushPlaintext);
        pushNode.put("sealed", push);

        String decision = client.sealDecision(trusted, MACHINE_ID, APPROVAL_ID, Decision.ACCEPT, "idem-7Jq2");
        ObjectNode decisionNode = root.putObject("decision");
        decisionNode.put("approvalId", APPROVAL_ID);
        decisionNode.put("decision", Decision.ACCEPT.wire());
        decisionNode.put("idempotencyKey", "idem-7Jq2");
        decisionNode.put("issuedAt", MADE_AT.toEpochMilli());
        decisionNode.put("plaintext", new String(new DecisionMessage(APPROVAL_ID, Decision.ACCEPT, "idem-7Jq2", MADE_AT.toEpochMilli()).toJson(),
                StandardCharsets.UTF_8));
        decisionNode.put("sealed", decision);

        root.set("invalid", new InvalidCases(root).all());
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** RFC 5869 Appendix A cases 1 and 3, so the browser checks its HKDF against the RFC too. */
    private static ArrayNode rfc5869() {
        ArrayNode cases = WireJson.mapper().createArrayNode();
        String[][] rows = {
                {"RFC 5869 A.1", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", "42",
                        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
                {"RFC 5869 A.3", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", "42",
                        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"}};
        for (String[] row : rows) {
            ObjectNode c = cases.addObject();
            c.put("name", row[0]);
            c.put("ikm", row[1]);
            c.put("salt", row[2]);
            c.put("info", row[3]);
            c.put("length", Integer.parseInt(row[4]));
            c.put("okm", row[5]);
            HexFormat.of().parseHex(row[5]); // a typo in a row fails here, not in the browser
        }
        return cases;
    }
}
