package net.flydex.protocol.e2e;

import java.security.MessageDigest;
import java.security.PrivateKey;

/**
 * The two proofs of an introduction. Their key is HKDF(salt = the offer's secret, ikm = DH(S_d,
 * S_h), info {@value Labels#INTRODUCE}): only a party that saw the QR <em>and</em> holds one of
 * the two static private keys can compute it, so each proof shows both the secret and key
 * possession. The transcripts name the offer, both keys and the device's name.
 */
final class IntroductionProofs {
    private final byte[] key;
    private final byte[] transcriptTail;

    private IntroductionProofs(byte[] key, byte[] transcriptTail) {
        this.key = key;
        this.transcriptTail = transcriptTail;
    }

    /** {@code ownKey} is S_d's private key on the device, S_h's on the helper; {@code peerKey} the other public key. */
    static IntroductionProofs of(byte[] secret, PrivateKey ownKey, byte[] peerKey, byte[] offerId, byte[] helperKey,
            byte[] deviceKey, String deviceName) throws E2eException {
        byte[] key = Hkdf.derive(secret, P256.agree(ownKey, peerKey), Bytes.utf8(Labels.INTRODUCE), E2eLimits.KEY_BYTES);
        return new IntroductionProofs(key, Bytes.fields(offerId, helperKey, deviceKey, deviceName));
    }

    byte[] device() {
        return Hkdf.hmac(key, Bytes.concat(Bytes.fields(Labels.INTRODUCE_DEVICE), transcriptTail));
    }

    byte[] helper() {
        return Hkdf.hmac(key, Bytes.concat(Bytes.fields(Labels.INTRODUCE_HELPER), transcriptTail));
    }

    /** Constant-time comparison of a received proof with the expected one. */
    static void check(byte[] expected, byte[] received) throws E2eException {
        if (!MessageDigest.isEqual(expected, received)) {
            throw new E2eException(Failure.AUTH_FAILED, "introduction proof does not verify");
        }
    }
}
