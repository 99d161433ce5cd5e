package net.flydex.protocol.e2e;

import java.security.PrivateKey;
import java.util.Arrays;

/**
 * The handshake's key schedule (Noise-KK-like, on P-256): four DHs over the static keys S_d, S_h
 * and the per-socket ephemerals e_d, e_h, in this order
 *
 * <pre>ikm  = DH(e_d, S_h) ‖ DH(S_d, S_h) ‖ DH(e_d, e_h) ‖ DH(S_d, e_h)
 * salt = SHA-256(fields("flydex-e2e-v1 session", S_d, S_h, e_d, e_h))
 * okm  = HKDF-SHA-256(salt, ikm, info "flydex-e2e-v1 session", 64) = k_d2h ‖ k_h2d</pre>
 *
 * <p>Each side computes the same four values from its own private keys; the ephemerals make every
 * session's keys fresh, and the statics authenticate both ends.
 */
record SessionKeys(byte[] deviceToHelper, byte[] helperToDevice) {
    static SessionKeys device(PrivateKey deviceStatic, byte[] deviceKey, P256.KeyPair deviceEphemeral, byte[] helperKey,
            byte[] helperEphemeral) throws E2eException {
        byte[] ikm = Bytes.concat(P256.agree(deviceEphemeral.privateKey(), helperKey), P256.agree(deviceStatic, helperKey),
                P256.agree(deviceEphemeral.privateKey(), helperEphemeral), P256.agree(deviceStatic, helperEphemeral));
        return derive(ikm, deviceKey, helperKey, deviceEphemeral.publicKey(), helperEphemeral);
    }

    static SessionKeys helper(PrivateKey helperStatic, byte[] helperKey, P256.KeyPair helperEphemeral, byte[] deviceKey,
            byte[] deviceEphemeral) throws E2eException {
        byte[] ikm = Bytes.concat(P256.agree(helperStatic, deviceEphemeral), P256.agree(helperStatic, deviceKey),
                P256.agree(helperEphemeral.privateKey(), deviceEphemeral), P256.agree(helperEphemeral.privateKey(), deviceKey));
        return derive(ikm, deviceKey, helperKey, deviceEphemeral, helperEphemeral.publicKey());
    }

    private static SessionKeys derive(byte[] ikm, byte[] deviceKey, byte[] helperKey, byte[] deviceEphemeral, byte[] helperEphemeral) {
        byte[] salt = P256.sha256(Bytes.fields(Labels.SESSION, deviceKey, helperKey, deviceEphemeral, helperEphemeral));
        byte[] okm = Hkdf.derive(salt, ikm, Bytes.utf8(Labels.SESSION), 2 * E2eLimits.KEY_BYTES);
        return new SessionKeys(Arrays.copyOf(okm, E2eLimits.KEY_BYTES), Arrays.copyOfRange(okm, E2eLimits.KEY_BYTES, okm.length));
    }
}
