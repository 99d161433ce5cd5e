package net.flydex.protocol.e2e;

import java.util.Base64;

/** Base64url without padding, as every binary field of the protocol travels. Decoding is strict. */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * The bytes of a canonical unpadded base64url string. Padding, other alphabets, whitespace and
     * non-zero trailing bits are refused, so one message has one spelling.
     */
    public static byte[] decode(String text) throws E2eException {
        if (text == null) {
            throw new E2eException(Failure.MALFORMED, "a binary field is missing");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new E2eException(Failure.MALFORMED, "not base64url");
        }
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new E2eException(Failure.MALFORMED, "not canonical unpadded base64url");
        }
        return bytes;
    }

    /** The bytes of {@code text}, which must decode to exactly {@code length} bytes. */
    public static byte[] decode(String text, int length, String what) throws E2eException {
        byte[] bytes = decode(text);
        if (bytes.length != length) {
            throw new E2eException(Failure.MALFORMED, what + " must be " + length + " bytes");
        }
        return bytes;
    }
}
