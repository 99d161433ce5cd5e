package net.flydex.protocol.e2e;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * What the desktop's QR carries in its URL fragment (never sent to a server) so a device can
 * introduce itself to this helper: the offer's id, a one-time secret, the helper's static public
 * key S_h (the phone pins it) and when the offer expires (for the phone's own message; the
 * helper's clock decides).
 *
 * <p>Encoded as base64url of {@code 0x01 ‖ offerId (16) ‖ secret (16) ‖ S_h (65) ‖ expiresAt
 * (uint64 BE, epoch seconds)}: 106 bytes, 142 characters.
 */
public record Offer(byte[] offerId, byte[] secret, byte[] helperKey, Instant expiresAt) {
    static final int ENCODED_BYTES = 1 + E2eLimits.OFFER_ID_BYTES + E2eLimits.OFFER_SECRET_BYTES + E2eLimits.PUBLIC_KEY_BYTES + Long.BYTES;

    /** The offer id as it travels in an {@link Introduction}. */
    public String id() {
        return Base64Url.encode(offerId);
    }

    /** The QR fragment form. */
    public String encode() {
        return Base64Url.encode(Bytes.concat(new byte[] {E2eLimits.VERSION}, offerId, secret, helperKey,
                Bytes.uint64(expiresAt.getEpochSecond())));
    }

    /** Reads a QR fragment; refuses other versions, other lengths and invalid helper keys. */
    public static Offer parse(String encoded) throws E2eException {
        byte[] bytes = Base64Url.decode(encoded);
        if (bytes.length > 0 && bytes[0] != E2eLimits.VERSION) {
            throw new E2eException(Failure.BAD_VERSION, "unknown offer version");
        }
        if (bytes.length != ENCODED_BYTES) {
            throw new E2eException(Failure.MALFORMED, "an offer is " + ENCODED_BYTES + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        byte[] offerId = take(in, E2eLimits.OFFER_ID_BYTES);
        byte[] secret = take(in, E2eLimits.OFFER_SECRET_BYTES);
        byte[] helperKey = take(in, E2eLimits.PUBLIC_KEY_BYTES);
        P256.checkPoint(helperKey);
        return new Offer(offerId, secret, helperKey, Instant.ofEpochSecond(in.getLong()));
    }

    private static byte[] take(ByteBuffer in, int n) {
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Offer o && Arrays.equals(offerId, o.offerId) && Arrays.equals(secret, o.secret)
                && Arrays.equals(helperKey, o.helperKey) && expiresAt.equals(o.expiresAt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(offerId);
    }

    @Override
    public String toString() {
        // The secret never reaches a log line.
        return "Offer[" + id() + ", expires " + expiresAt + "]";
    }
}
