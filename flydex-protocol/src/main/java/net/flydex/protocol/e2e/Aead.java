package net.flydex.protocol.e2e;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a 128-bit tag (JDK SunJCE); a fresh {@code Cipher} per message. */
final class Aead {
    private Aead() {}

    static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
    }

    static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) throws E2eException {
        if (ciphertext.length < E2eLimits.TAG_BYTES) {
            throw new E2eException(Failure.MALFORMED, "shorter than a tag");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new E2eException(Failure.AUTH_FAILED, "does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(E2eLimits.TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }
}
