package net.flydex.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import net.flydex.protocol.Limits;

/**
 * Secrets and ids: 128 random bits from a CSPRNG, URL-safe. Secrets are stored only as SHA-256
 * hashes; with 128 bits of entropy a plain hash cannot be reversed by guessing, so no salt is
 * needed and lookups by hash stay indexed.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /** A fresh secret (session, refresh, claim, poll or connect token). */
    public static String newSecret() {
        byte[] bytes = new byte[Limits.ID_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A fresh id with a readable prefix, e.g. {@code acc_…}; ids are not secrets. */
    public static String newId(String prefix) {
        return prefix + "_" + newSecret();
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Compares in constant time, so a comparison does not reveal how much of a secret matched. */
    public static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
