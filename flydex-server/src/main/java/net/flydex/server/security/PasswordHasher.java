package net.flydex.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}),
 * so parameters can be raised later and old hashes still verify.
 */
public final class PasswordHasher {
    /** OWASP's 2024 minimum for Argon2id is m=19 MiB, t=2, p=1; this stays above it. */
    public static final Parameters DEFAULT = new Parameters(19 * 1024, 2, 1);
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param memoryKib memory cost in KiB; @param iterations time cost; @param parallelism lanes */
    public record Parameters(int memoryKib, int iterations, int parallelism) {}

    private final Parameters parameters;

    public PasswordHasher(Parameters parameters) {
        this.parameters = parameters;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, parameters, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p=" + parameters.parallelism()
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    public boolean verify(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id")) {
            return false;
        }
        try {
            var params = new java.util.HashMap<String, Integer>();
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                params.put(pair[0], Integer.parseInt(pair[1]));
            }
            byte[] salt = Base64.getDecoder().decode(parts[4]);
            byte[] expected = Base64.getDecoder().decode(parts[5]);
            byte[] actual = derive(password, salt, new Parameters(params.get("m"), params.get("t"), params.get("p")), expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Spends the same work as a real check, so an unknown email answers in similar time. */
    public void burn(String password) {
        derive(password, new byte[SALT_BYTES], parameters, HASH_BYTES);
    }

    private static byte[] derive(String password, byte[] salt, Parameters p, int length) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib()).withIterations(p.iterations()).withParallelism(p.parallelism())
                .withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
