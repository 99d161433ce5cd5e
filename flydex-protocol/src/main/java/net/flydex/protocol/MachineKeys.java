package net.flydex.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A machine's identity is an Ed25519 key pair made on the desktop; only the public key (the raw
 * 32 bytes, base64 on the wire) reaches the server. Both sides compute the same fingerprint, so the
 * desktop browser can check that the machine that registered is the helper it talked to.
 */
public final class MachineKeys {
    /** Raw Ed25519 public keys are 32 bytes (RFC 8032). */
    public static final int RAW_PUBLIC_KEY_BYTES = 32;
    /** The DER prefix that turns a raw Ed25519 key into an X.509 SubjectPublicKeyInfo. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** What a helper signs to prove it holds the key: binds the signature to one machine and one nonce. */
    public static final String CHALLENGE_PREFIX = "flydex-agent-v1:";

    private MachineKeys() {}

    /** {@code SHA256:<base64, no padding>} of the raw key, as OpenSSH prints fingerprints. */
    public static String fingerprint(byte[] rawPublicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawPublicKey);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The raw 32 bytes inside a JDK Ed25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - RAW_PUBLIC_KEY_BYTES, encoded.length);
    }

    /** A JDK public key from the raw 32 bytes; throws for anything else. */
    public static PublicKey fromRaw(byte[] raw) throws GeneralSecurityException {
        if (raw.length != RAW_PUBLIC_KEY_BYTES) {
            throw new GeneralSecurityException("an Ed25519 public key has " + RAW_PUBLIC_KEY_BYTES + " bytes");
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    /** The exact bytes signed in the /ws/agent handshake. */
    public static byte[] challengeBytes(String machineId, String nonce) {
        return (CHALLENGE_PREFIX + machineId + ":" + nonce).getBytes(StandardCharsets.UTF_8);
    }
}
