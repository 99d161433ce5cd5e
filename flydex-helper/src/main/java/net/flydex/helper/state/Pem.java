package net.flydex.helper.state;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM blocks (RFC 7468) as OpenSSL writes them, so a person can inspect a key file with standard tools. */
public final class Pem {
    private Pem() {}

    /** One block: {@code -----BEGIN <label>-----}, base64 in 64-character lines, {@code -----END <label>-----}. */
    public static String encode(String label, byte[] der) {
        return begin(label) + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n" + end(label) + "\n";
    }

    /** The bytes of the block with this label in {@code text}; other blocks are ignored. */
    public static byte[] decode(String label, String text) {
        int start = text.indexOf(begin(label));
        int stop = text.indexOf(end(label));
        if (start < 0 || stop < start) {
            throw new IllegalArgumentException("no " + label + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(start + begin(label).length(), stop));
    }

    private static String begin(String label) {
        return "-----BEGIN " + label + "-----";
    }

    private static String end(String label) {
        return "-----END " + label + "-----";
    }
}
