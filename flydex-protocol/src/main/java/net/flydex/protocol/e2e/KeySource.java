package net.flydex.protocol.e2e;

import java.security.SecureRandom;

/**
 * Where ephemeral key pairs come from: fresh ones from a {@link SecureRandom} in production, a
 * fixed sequence when a test reproduces the vectors.
 */
@FunctionalInterface
public interface KeySource {
    P256.KeyPair next();

    static KeySource from(SecureRandom random) {
        return () -> P256.generate(random);
    }
}
