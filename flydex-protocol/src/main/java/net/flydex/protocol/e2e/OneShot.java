package net.flydex.protocol.e2e;

import java.util.Arrays;

/**
 * Sealed messages that need no session (store and forward): push content the helper seals for a
 * device's service worker, and a decision the service worker seals for the helper.
 *
 * <p>A fresh ephemeral key e per message; {@code key = HKDF-SHA-256(salt = e ‖ S_sender ‖
 * S_recipient, ikm = DH(e, S_recipient) ‖ DH(S_sender, S_recipient), info = the purpose's label,
 * 32)}. The body is {@code 0x01 ‖ e (65) ‖ AES-256-GCM ciphertext ‖ tag} with a zero nonce (the key
 * is unique to the message) and associated data {@code 0x01 ‖ e ‖ fields(label, machineId,
 * deviceId, type, ref)}. The static DH authenticates the sender; e makes the key fresh. 82 bytes of
 * overhead before base64url.
 */
public final class OneShot {
    private OneShot() {}

    /** What a one-shot message is for; each purpose has its own keys and its own size limit. */
    public enum Purpose {
        /** Helper → device: the content of a notification. */
        PUSH("flydex-e2e-v1 push", E2eLimits.MAX_PUSH_PLAINTEXT_BYTES),
        /** Device → helper: a decision taken on a notification. */
        DECISION("flydex-e2e-v1 decision", E2eLimits.MAX_DECISION_PLAINTEXT_BYTES);

        private final String label;
        private final int maxPlaintextBytes;

        Purpose(String label, int maxPlaintextBytes) {
            this.label = label;
            this.maxPlaintextBytes = maxPlaintextBytes;
        }

        public int maxPlaintextBytes() {
            return maxPlaintextBytes;
        }
    }

    static String seal(Purpose purpose, P256.KeyPair sender, byte[] recipientKey, P256.KeyPair ephemeral, Envelope envelope,
            byte[] plaintext) throws E2eException {
        if (plaintext.length > purpose.maxPlaintextBytes) {
            throw new E2eException(Failure.TOO_LARGE, "a sealed " + purpose + " carries at most " + purpose.maxPlaintextBytes + " bytes");
        }
        byte[] e = ephemeral.publicKey();
        byte[] key = key(purpose, e, sender.publicKey(), recipientKey,
                Bytes.concat(P256.agree(ephemeral.privateKey(), recipientKey), P256.agree(sender.privateKey(), recipientKey)));
        byte[] header = Bytes.concat(new byte[] {E2eLimits.VERSION}, e);
        return Base64Url.encode(new Aead(key).seal(new byte[E2eLimits.NONCE_BYTES], aad(purpose, header, envelope), header.length, plaintext));
    }

    static byte[] open(Purpose purpose, P256.KeyPair recipient, byte[] senderKey, Envelope envelope, String sealed) throws E2eException {
        byte[] body = Base64Url.decode(sealed);
        if (body.length > 0 && body[0] != E2eLimits.VERSION) {
            throw new E2eException(Failure.BAD_VERSION, "unknown message version");
        }
        if (body.length < E2eLimits.ONE_SHOT_HEADER_BYTES + E2eLimits.TAG_BYTES) {
            throw new E2eException(Failure.MALFORMED, "message too short");
        }
        if (body.length > E2eLimits.ONE_SHOT_HEADER_BYTES + E2eLimits.TAG_BYTES + purpose.maxPlaintextBytes) {
            throw new E2eException(Failure.TOO_LARGE, "message too long for a " + purpose);
        }
        byte[] header = Arrays.copyOf(body, E2eLimits.ONE_SHOT_HEADER_BYTES);
        byte[] e = Arrays.copyOfRange(header, 1, header.length);
        byte[] key = key(purpose, e, senderKey, recipient.publicKey(),
                Bytes.concat(P256.agree(recipient.privateKey(), e), P256.agree(recipient.privateKey(), senderKey)));
        return new Aead(key).open(new byte[E2eLimits.NONCE_BYTES], aad(purpose, header, envelope), body, E2eLimits.ONE_SHOT_HEADER_BYTES);
    }

    private static byte[] key(Purpose purpose, byte[] e, byte[] senderKey, byte[] recipientKey, byte[] ikm) {
        return Hkdf.derive(Bytes.concat(e, senderKey, recipientKey), ikm, Bytes.utf8(purpose.label), E2eLimits.KEY_BYTES);
    }

    private static byte[] aad(Purpose purpose, byte[] header, Envelope envelope) {
        return Bytes.concat(header, Bytes.fields(purpose.label, envelope.machineId(), envelope.deviceId(), envelope.type(), envelope.ref()));
    }
}
