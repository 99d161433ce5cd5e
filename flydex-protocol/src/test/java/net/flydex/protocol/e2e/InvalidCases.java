package net.flydex.protocol.e2e;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.util.ArrayList;
import java.util.List;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The invalid inputs of vectors-v1.json, each derived from the valid vectors by what a hostile
 * server (or a broken peer) could do, with the {@link Failure} both implementations must report.
 * Kinds {@code introduction}, {@code hello} and {@code decisionAt} need the helper's state and run
 * in Java only; every other kind runs in the browser too.
 */
final class InvalidCases {
    private final JsonNode root;
    private final ArrayNode out = WireJson.mapper().createArrayNode();
    private final List<String> deviceFrames = new ArrayList<>();
    private final List<String> helperFrames = new ArrayList<>();
    private final String confirm;

    InvalidCases(JsonNode root) {
        this.root = root;
        for (JsonNode frame : root.path("frames")) {
            (frame.path("from").asString().equals("device") ? deviceFrames : helperFrames).add(frame.path("frame").asString());
        }
        confirm = Vectors.tail(root.path("handshake").path("reply").asString(), 1 + E2eLimits.PUBLIC_KEY_BYTES);
    }

    ArrayNode all() throws E2eException {
        frames();
        oneShots();
        points();
        offers();
        replies();
        helperSide();
        return out;
    }

    private ObjectNode add(String kind, String name, Failure failure) {
        ObjectNode c = out.addObject();
        c.put("kind", kind);
        c.put("name", name);
        c.put("failure", failure.wire());
        return c;
    }

    /** One step of a frame case: open this frame; expect the plaintext, or the failure when given. */
    private static void step(ArrayNode steps, String type, String ref, String frame, String plaintextOrNull, Failure failureOrNull) {
        ObjectNode s = steps.addObject();
        s.put("type", type);
        s.put("ref", ref);
        s.put("frame", frame);
        if (failureOrNull != null) {
            s.put("failure", failureOrNull.wire());
        } else {
            s.put("plaintext", plaintextOrNull);
        }
    }

    private ArrayNode frameCase(String name, String receiver, Failure failure) {
        ObjectNode c = add("frame", name, failure);
        c.put("receiver", receiver);
        return c.putArray("steps");
    }

    private String plaintext(int index) {
        return root.path("frames").get(index).path("plaintext").asString();
    }

    /** A fresh session refuses this frame. */
    private void refusedFrame(String name, String receiver, String type, String ref, String frame, Failure failure) {
        step(frameCase(name, receiver, failure), type, ref, frame, null, failure);
    }

    /** A fresh session opens the other side's first frame, then refuses this one. */
    private void refusedAfterFirst(String name, String receiver, String type, String ref, String frame, Failure failure) {
        ArrayNode steps = frameCase(name, receiver, failure);
        boolean device = receiver.equals("device");
        step(steps, device ? "result" : "rpc", "", device ? helperFrames.get(0) : deviceFrames.get(0), plaintext(device ? 1 : 0), null);
        step(steps, type, ref, frame, null, failure);
    }

    private void frames() {
        String d0 = deviceFrames.get(0), d1 = deviceFrames.get(1), d2 = deviceFrames.get(2);
        String h1 = helperFrames.get(0), h2 = helperFrames.get(1);
        String approval = VectorsGenerator.APPROVAL_ID;
        refusedFrame("bit flipped in the ciphertext", "helper", "rpc", "", Vectors.flip(d0, 12), Failure.AUTH_FAILED);
        refusedFrame("bit flipped in the tag", "helper", "rpc", "", Vectors.flip(d0, -1), Failure.AUTH_FAILED);
        refusedFrame("counter altered", "helper", "rpc", "", Vectors.flip(d0, 8), Failure.BAD_COUNTER);
        refusedFrame("version byte 2", "helper", "rpc", "", Vectors.set(d0, 0, 2), Failure.BAD_VERSION);
        refusedFrame("truncated", "helper", "rpc", "", Vectors.cut(d0, 20), Failure.MALFORMED);
        refusedFrame("empty", "helper", "rpc", "", "", Failure.MALFORMED);
        refusedFrame("padded base64", "helper", "rpc", "", d0 + "=", Failure.MALFORMED);
        refusedFrame("not base64url", "helper", "rpc", "", "+" + d0.substring(1), Failure.MALFORMED);
        refusedAfterFirst("replayed", "helper", "rpc", "", d0, Failure.BAD_COUNTER);
        refusedFrame("reordered", "helper", "rpc", "", d1, Failure.BAD_COUNTER);
        refusedAfterFirst("dropped", "helper", "rpc", "", d2, Failure.BAD_COUNTER);
        refusedFrame("reflected: the helper's own frame 0", "helper", "handshake", "", confirm, Failure.AUTH_FAILED);
        refusedFrame("type changed by the server", "helper", "event", "", d0, Failure.AUTH_FAILED);
        refusedFrame("ref added by the server", "helper", "rpc", approval, d0, Failure.AUTH_FAILED);
        ArrayNode closed = frameCase("closed after a refused frame", "helper", Failure.SESSION_CLOSED);
        step(closed, "rpc", "", Vectors.flip(d0, 12), null, Failure.AUTH_FAILED);
        step(closed, "rpc", "", d0, null, Failure.SESSION_CLOSED);
        refusedAfterFirst("device: replayed", "device", "result", "", h1, Failure.BAD_COUNTER);
        refusedFrame("device: reflected, its own frame 1", "device", "rpc", "", d1, Failure.AUTH_FAILED);
        refusedAfterFirst("device: approval id swapped", "device", "approval", "ap_other", h2, Failure.AUTH_FAILED);
    }

    private void oneShot(String name, String purpose, String receiver, String senderKey, String deviceId, String type, String ref, String sealed,
            Failure failure) {
        ObjectNode c = add("oneShot", name, failure);
        c.put("purpose", purpose);
        c.put("receiver", receiver);
        c.put("senderKey", senderKey);
        ObjectNode envelope = c.putObject("envelope");
        envelope.put("machineId", root.path("machineId").asString());
        envelope.put("deviceId", deviceId);
        envelope.put("type", type);
        envelope.put("ref", ref);
        c.put("sealed", sealed);
    }

    private void oneShots() throws E2eException {
        String push = root.path("push").path("sealed").asString();
        String decision = root.path("decision").path("sealed").asString();
        String device = root.path("keys").path("device").path("deviceId").asString();
        String approval = VectorsGenerator.APPROVAL_ID;
        oneShot("push: bit flipped", "push", "device", "helper", device, "approval", approval, Vectors.flip(push, 70), Failure.AUTH_FAILED);
        oneShot("push: approval id swapped", "push", "device", "helper", device, "approval", "ap_other", push, Failure.AUTH_FAILED);
        oneShot("push: type changed", "push", "device", "helper", device, "approvalResolved", approval, push, Failure.AUTH_FAILED);
        oneShot("push: version byte 2", "push", "device", "helper", device, "approval", approval, Vectors.set(push, 0, 2), Failure.BAD_VERSION);
        oneShot("push: truncated", "push", "device", "helper", device, "approval", approval, Vectors.cut(push, 80), Failure.MALFORMED);
        oneShot("push: ephemeral not on the curve", "push", "device", "helper", device, "approval", approval, Vectors.flip(push, 65),
                Failure.BAD_POINT);
        // The server seals content of its own under a key it made up, claiming it is the helper's.
        P256.KeyPair forger = Vectors.key(root, "otherDevice");
        String forged = OneShot.seal(OneShot.Purpose.PUSH, forger, Vectors.bytes(root.path("keys").path("device"), "publicKey"),
                Vectors.key(root, "pushEphemeral"), new Envelope(root.path("machineId").asString(), device, "approval", approval),
                Vectors.utf8(root.path("push"), "plaintext"));
        oneShot("push: sealed by another key than the helper's", "push", "device", "helper", device, "approval", approval, forged,
                Failure.AUTH_FAILED);
        oneShot("decision: bit flipped", "decision", "helper", "device", device, "decision", approval, Vectors.flip(decision, -3), Failure.AUTH_FAILED);
        oneShot("decision: approval id swapped", "decision", "helper", "device", device, "decision", "ap_other", decision, Failure.AUTH_FAILED);
        oneShot("decision: opened as a push", "push", "helper", "device", device, "decision", approval, decision, Failure.AUTH_FAILED);
        // Another trusted device's decision, delivered by the server as if it came from this one.
        String swapped = OneShot.seal(OneShot.Purpose.DECISION, forger, Vectors.bytes(root.path("keys").path("helper"), "publicKey"),
                Vectors.key(root, "decisionEphemeral"), new Envelope(root.path("machineId").asString(), device, "decision", approval),
                Vectors.utf8(root.path("decision"), "plaintext"));
        oneShot("decision: from another device", "decision", "helper", "device", device, "decision", approval, swapped, Failure.AUTH_FAILED);
    }

    private void point(String name, byte[] key) {
        add("point", name, Failure.BAD_POINT).put("publicKey", Base64Url.encode(key));
    }

    private void points() {
        byte[] good = Vectors.bytes(root.path("keys").path("device"), "publicKey");
        byte[] offCurve = good.clone();
        offCurve[64] ^= 0x01;
        point("not on the curve", offCurve);
        byte[] compressed = java.util.Arrays.copyOf(good, 33);
        compressed[0] = 0x02;
        point("compressed form", compressed);
        point("64 bytes without the 0x04 prefix", java.util.Arrays.copyOfRange(good, 1, 65));
        byte[] zero = new byte[65];
        zero[0] = 0x04;
        point("all-zero coordinates", zero);
        BigInteger p = ((ECFieldFp) curveField()).getP();
        byte[] big = good.clone();
        byte[] pBytes = p.toByteArray();
        System.arraycopy(pBytes, pBytes.length - 32, big, 1, 32);
        point("x equal to the field prime", big);
    }

    private static java.security.spec.ECField curveField() {
        try {
            var params = java.security.AlgorithmParameters.getInstance("EC");
            params.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(java.security.spec.ECParameterSpec.class).getCurve().getField();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void offers() {
        String offer = root.path("offer").path("encoded").asString();
        add("offer", "version byte 2", Failure.BAD_VERSION).put("encoded", Vectors.set(offer, 0, 2));
        add("offer", "truncated", Failure.MALFORMED).put("encoded", Vectors.cut(offer, 100));
        add("offer", "helper key not on the curve", Failure.BAD_POINT).put("encoded", Vectors.flip(offer, 1 + 16 + 16 + 64));
    }

    private void replies() {
        JsonNode accepted = root.path("introduction").path("accepted");
        ObjectNode flipped = add("helperProof", "helper proof bit flipped", Failure.AUTH_FAILED).putObject("accepted");
        flipped.put("deviceId", accepted.path("deviceId").asString());
        flipped.put("proof", Vectors.flip(accepted.path("proof").asString(), 5));
        ObjectNode other = add("helperProof", "reply names another device", Failure.AUTH_FAILED).putObject("accepted");
        other.put("deviceId", root.path("keys").path("otherDevice").path("deviceId").asString());
        other.put("proof", accepted.path("proof").asString());
        String reply = root.path("handshake").path("reply").asString();
        add("reply", "confirmation bit flipped", Failure.AUTH_FAILED).put("reply", Vectors.flip(reply, -2));
        add("reply", "helper ephemeral not on the curve", Failure.BAD_POINT).put("reply", Vectors.flip(reply, 65));
        add("reply", "version byte 2", Failure.BAD_VERSION).put("reply", Vectors.set(reply, 0, 2));
        add("reply", "truncated", Failure.MALFORMED).put("reply", Vectors.cut(reply, 66));
    }

    private void helperSide() {
        JsonNode message = root.path("introduction").path("message");
        long expiresAt = root.path("offer").path("expiresAt").asLong();
        long madeAt = root.path("madeAt").asLong();
        introduction("offer used twice", madeAt + 1000, true, message, Failure.OFFER_UNKNOWN);
        introduction("offer expired (at its expiry, by the helper's clock)", expiresAt, false, message, Failure.OFFER_EXPIRED);
        String[][] edits = {
                {"offer this helper never made (another machine's)", "offerId",
                        root.path("introduction").path("accepted").path("deviceId").asString(), Failure.OFFER_UNKNOWN.name()},
                {"device proof bit flipped", "proof", Vectors.flip(message.path("proof").asString(), 0), Failure.AUTH_FAILED.name()},
                {"device name changed by the server", "deviceName", "Mallory's phone", Failure.AUTH_FAILED.name()},
                {"device key not on the curve", "devicePublicKey", Vectors.flip(message.path("devicePublicKey").asString(), 64),
                        Failure.BAD_POINT.name()},
                {"control character in the name", "deviceName", "phone\nINFO forged log line", Failure.MALFORMED.name()},
                {"name too long", "deviceName", "x".repeat(E2eLimits.MAX_DEVICE_NAME_BYTES + 1), Failure.TOO_LARGE.name()}};
        for (String[] edit : edits) {
            ObjectNode changed = (ObjectNode) message.deepCopy();
            changed.put(edit[1], edit[2]);
            introduction(edit[0], madeAt, false, changed, Failure.valueOf(edit[3]));
        }

        String hello = root.path("handshake").path("hello").asString();
        String device = root.path("keys").path("device").path("deviceId").asString();
        hello("device never introduced", root.path("keys").path("otherDevice").path("deviceId").asString(), hello, Failure.DEVICE_UNKNOWN);
        hello("ephemeral not on the curve", device, Vectors.flip(hello, 64), Failure.BAD_POINT);
        hello("truncated", device, Vectors.cut(hello, 40), Failure.MALFORMED);
        hello("version byte 2", device, Vectors.set(hello, 0, 2), Failure.BAD_VERSION);

        long issuedAt = root.path("decision").path("issuedAt").asLong();
        add("decisionAt", "decision older than DECISION_MAX_AGE", Failure.STALE).put("at", issuedAt + E2eLimits.DECISION_MAX_AGE.toMillis() + 1);
        add("decisionAt", "decision from further ahead than DECISION_MAX_CLOCK_SKEW", Failure.STALE)
                .put("at", issuedAt - E2eLimits.DECISION_MAX_CLOCK_SKEW.toMillis() - 1);
    }

    private void introduction(String name, long at, boolean acceptValidFirst, JsonNode message, Failure failure) {
        ObjectNode c = add("introduction", name, failure);
        c.put("at", at);
        c.put("acceptValidFirst", acceptValidFirst);
        c.set("message", message);
    }

    private void hello(String name, String deviceId, String hello, Failure failure) {
        ObjectNode c = add("hello", name, failure);
        c.put("deviceId", deviceId);
        c.put("hello", hello);
    }
}
