package net.flydex.server.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.flydex.protocol.Limits;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.e2e.Base64Url;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.E2eLimits;
import net.flydex.protocol.e2e.Introduction;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks of end-to-end fields by shape and size only: the server holds no key that could open
 * them. Ids and keys must be canonical base64url of their exact length (one spelling per value,
 * as the helper and devices decode them); payloads must be base64url within their bounds. Every
 * check answers a boolean or an empty Optional and never says what the value was.
 */
public final class E2eFields {
    /** A device id: base64url of 16 bytes (docs/e2e.md, "Suite v1"). */
    public static final int DEVICE_ID_CHARS = SealedFrames.DEVICE_ID_CHARS;
    private static final int DEVICE_ID_BYTES = 16;
    /** A session id: base64url of 12 bytes of the hello's hash. */
    public static final int SESSION_ID_CHARS = SealedFrames.SESSION_ID_CHARS;
    private static final int SESSION_ID_BYTES = 12;
    /** A v1 hello is 66 bytes (88 characters); the margin leaves room for a later suite's, never for a payload. */
    public static final int MAX_HELLO_CHARS = 100;
    /** A session frame travels alone in one relay frame. */
    public static final int MAX_SEALED_FRAME_CHARS = Limits.MAX_FRAME_BYTES;
    /** The smallest session frame: its header and tag around an empty plaintext. */
    public static final int MIN_SEALED_FRAME_CHARS = base64Chars(E2eLimits.FRAME_HEADER_BYTES + E2eLimits.TAG_BYTES);
    /** The smallest one-shot message: version, ephemeral key and tag around an empty plaintext. */
    public static final int MIN_ONE_SHOT_CHARS = base64Chars(E2eLimits.ONE_SHOT_HEADER_BYTES + E2eLimits.TAG_BYTES);
    /** A sealed decision: its plaintext is at most {@link E2eLimits#MAX_DECISION_PLAINTEXT_BYTES}. */
    public static final int MAX_ONE_SHOT_DECISION_CHARS =
            base64Chars(E2eLimits.ONE_SHOT_HEADER_BYTES + E2eLimits.MAX_DECISION_PLAINTEXT_BYTES + E2eLimits.TAG_BYTES);
    /** A sealed push: the helper trims its plaintext to {@link E2eLimits#MAX_PUSH_PLAINTEXT_BYTES} so it fits Web Push. */
    public static final int MAX_ONE_SHOT_PUSH_CHARS =
            base64Chars(E2eLimits.ONE_SHOT_HEADER_BYTES + E2eLimits.MAX_PUSH_PLAINTEXT_BYTES + E2eLimits.TAG_BYTES);
    /** An introduction's offer id: 128 bits. */
    static final int OFFER_ID_BYTES = E2eLimits.OFFER_ID_BYTES;
    /** An introduction's proof: a full HMAC-SHA-256. */
    static final int PROOF_BYTES = E2eLimits.PROOF_BYTES;

    private E2eFields() {}

    public static boolean deviceId(String text) {
        return exactBytes(text, DEVICE_ID_BYTES);
    }

    public static boolean sessionId(String text) {
        return exactBytes(text, SESSION_ID_BYTES);
    }

    public static boolean hello(String text) {
        return base64Url(text, 1, MAX_HELLO_CHARS);
    }

    /** A session frame ({@code sealed} of a sealed rpc, result, event or approval). */
    public static boolean sealedFrame(String text) {
        return base64Url(text, MIN_SEALED_FRAME_CHARS, MAX_SEALED_FRAME_CHARS);
    }

    /** A one-shot message of at most {@code maxChars} ({@link #MAX_ONE_SHOT_DECISION_CHARS}, {@link #MAX_ONE_SHOT_PUSH_CHARS}). */
    public static boolean oneShot(String text, int maxChars) {
        return base64Url(text, MIN_ONE_SHOT_CHARS, maxChars);
    }

    /** A P-256 public key as the protocol sends it: canonical base64url of an uncompressed point on the curve. */
    public static boolean publicKey(String text) {
        if (text.length() != base64Chars(E2eLimits.PUBLIC_KEY_BYTES)) {
            return false;
        }
        try {
            P256.checkPoint(Base64Url.decode(text));
            return true;
        } catch (E2eException malformed) {
            return false;
        }
    }

    /**
     * An introduction ({@code {offerId, devicePublicKey, deviceName, proof}}, nothing else), or
     * empty when any field is missing, of another type or shape, or the name is not 1 to
     * {@link E2eLimits#MAX_DEVICE_NAME_BYTES} UTF-8 bytes without control characters.
     */
    public static Optional<Introduction> introduction(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 4) {
            return Optional.empty();
        }
        String offerId = node.path("offerId").asString("");
        String devicePublicKey = node.path("devicePublicKey").asString("");
        String deviceName = node.path("deviceName").asString("");
        String proof = node.path("proof").asString("");
        boolean valid = node.path("offerId").isString() && exactBytes(offerId, OFFER_ID_BYTES)
                && node.path("devicePublicKey").isString() && publicKey(devicePublicKey)
                && node.path("deviceName").isString() && deviceName(deviceName)
                && node.path("proof").isString() && exactBytes(proof, PROOF_BYTES);
        return valid ? Optional.of(new Introduction(offerId, devicePublicKey, deviceName, proof)) : Optional.empty();
    }

    /** An introduction as JSON, written from its checked fields only. */
    public static ObjectNode json(Introduction introduction) {
        return WireJson.mapper().createObjectNode().put("offerId", introduction.offerId())
                .put("devicePublicKey", introduction.devicePublicKey()).put("deviceName", introduction.deviceName())
                .put("proof", introduction.proof());
    }

    private static boolean deviceName(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= 1 && bytes <= E2eLimits.MAX_DEVICE_NAME_BYTES && name.codePoints().noneMatch(Character::isISOControl);
    }

    /**
     * The one spelling of exactly {@code bytes} bytes, checked without decoding: ids are checked
     * on every sealed rpc and event, and the relay never needs their bytes.
     */
    private static boolean exactBytes(String text, int bytes) {
        return text.length() == base64Chars(bytes) && Base64Url.isCanonical(text);
    }

    /** Base64url without padding, by its alphabet and length alone (the receiver decodes strictly). */
    private static boolean base64Url(String text, int minChars, int maxChars) {
        int length = text.length();
        return length >= minChars && length <= maxChars && length % 4 != 1 && Base64Url.inAlphabet(text);
    }

    /** Characters of {@code bytes} in unpadded base64. */
    private static int base64Chars(int bytes) {
        return (bytes * 4 + 2) / 3;
    }
}
