package net.flydex.protocol.e2e;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 128-bit tag (JDK SunJCE) under one key. The {@code Cipher} is made and the
 * key expanded once, then re-initialised with each message's nonce: looking the cipher up and
 * expanding the key cost more than sealing a small frame (docs/benchmarks.md, issue 14 second
 * pass). Not thread-safe: a {@link Session} keeps one per direction under its own lock.
 */
final class Aead {
    private final SecretKeySpec key;
    private final Cipher cipher;

    Aead(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * {@code prefix ‖ ciphertext ‖ tag} in one array, the prefix being the first {@code prefixLength}
     * bytes of {@code aad} (a frame's header leads both), so the header needs no array of its own.
     */
    byte[] seal(byte[] nonce, byte[] aad, int prefixLength, byte[] plaintext) {
        try {
            init(Cipher.ENCRYPT_MODE, nonce, aad);
            byte[] out = new byte[prefixLength + plaintext.length + E2eLimits.TAG_BYTES];
            System.arraycopy(aad, 0, out, 0, prefixLength);
            cipher.doFinal(plaintext, 0, plaintext.length, out, prefixLength);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
    }

    /** The plaintext of {@code message} from {@code offset} on (ciphertext and tag). */
    byte[] open(byte[] nonce, byte[] aad, byte[] message, int offset) throws E2eException {
        if (message.length - offset < E2eLimits.TAG_BYTES) {
            throw new E2eException(Failure.MALFORMED, "shorter than a tag");
        }
        try {
            init(Cipher.DECRYPT_MODE, nonce, aad);
            return cipher.doFinal(message, offset, message.length - offset);
        } catch (AEADBadTagException e) {
            throw new E2eException(Failure.AUTH_FAILED, "does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open", e);
        }
    }

    private void init(int mode, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        cipher.init(mode, key, new GCMParameterSpec(E2eLimits.TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad);
    }
}
