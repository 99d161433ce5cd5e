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
        if (!canonical(text)) {
            throw new E2eException(Failure.MALFORMED, "not canonical unpadded base64url");
        }
        return bytes;
    }

    /**
     * Whether text the decoder took is the one spelling of its bytes, as encoding them again would
     * show, without a second copy of every frame: the decoder also takes padding, and ignores
     * the bits of the last character beyond the last byte, which must be zero.
     */
    private static boolean canonical(String text) {
        if (text.indexOf('=') >= 0) {
            return false;
        }
        int spareBits = switch (text.length() % 4) {
            case 2 -> 4; // 12 bits carry one byte
            case 3 -> 2; // 18 bits carry two
            default -> 0;
        };
        return spareBits == 0 || (sextet(text.charAt(text.length() - 1)) & ((1 << spareBits) - 1)) == 0;
    }

    /** The value of a base64url character the decoder accepted. */
    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
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
