package net.flydex.protocol.e2e;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA-256 (RFC 5869), built on {@code javax.crypto.Mac} because the helper also
 * runs on Java 21, which lacks {@code javax.crypto.KDF} (JDK 24+). Checked against RFC 5869's own
 * vectors in {@code HkdfTest}.
 */
public final class Hkdf {
    private static final int HASH_BYTES = 32;
    /** RFC 5869 §2.3: at most 255 blocks of output. */
    private static final int MAX_OUTPUT_BYTES = 255 * HASH_BYTES;

    private Hkdf() {}

    /** Extract then expand: {@code length} bytes of output keying material. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    /** RFC 5869 §2.2; an empty salt stands for HashLen zero bytes. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt.length == 0 ? new byte[HASH_BYTES] : salt, ikm);
    }

    /** RFC 5869 §2.3. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException("HKDF-SHA-256 yields at most " + MAX_OUTPUT_BYTES + " bytes");
        }
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        for (int i = 1, at = 0; at < length; i++) {
            block = hmac(prk, Bytes.concat(block, info, new byte[] {(byte) i}));
            int n = Math.min(HASH_BYTES, length - at);
            System.arraycopy(block, 0, out, at, n);
            at += n;
        }
        return out;
    }

    /** HMAC-SHA-256 of {@code data} under {@code key}. */
    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
