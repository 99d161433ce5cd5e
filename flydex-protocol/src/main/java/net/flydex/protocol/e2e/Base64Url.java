package net.flydex.protocol.e2e;

import java.util.Arrays;
import java.util.Base64;

/** Base64url without padding, as every binary field of the protocol travels. Decoding is strict. */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /**
     * Each ASCII character's value, -1 outside the alphabet. A table, not a chain of range tests:
     * the characters of a ciphertext are random, so the branches would be mispredicted at nearly
     * every one (a third of the relay's reading of a sealed rpc, issue 14).
     */
    private static final byte[] SEXTETS = sextets();

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
        return spareBits == 0 || (SEXTETS[text.charAt(text.length() - 1)] & ((1 << spareBits) - 1)) == 0;
    }

    /**
     * Whether {@link #decode} would take {@code text}, answered without decoding it: only the
     * alphabet, no padding, a length some bytes have, no stray bits in the last character. For
     * checks by shape (the relay's, which never needs the bytes).
     */
    public static boolean isCanonical(String text) {
        return text.length() % 4 != 1 && inAlphabet(text) && canonical(text);
    }

    /** Only base64url characters (no padding): a scan, so a large frame is checked without decoding it. */
    public static boolean inAlphabet(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= SEXTETS.length || SEXTETS[c] < 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sextets() {
        byte[] table = new byte[128];
        Arrays.fill(table, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            table[ALPHABET.charAt(i)] = (byte) i;
        }
        return table;
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
