package net.flydex.protocol.e2e;

import java.time.Clock;
import java.util.Arrays;
import net.flydex.protocol.Decision;

/**
 * The device's side of the protocol in Java, as {@code e2e.js} implements it in the browser: for
 * tests, benches and any client outside the web app, so everything speaks the protocol one way.
 *
 * <pre>
 * DeviceClient device = new DeviceClient(deviceKey, clock, KeySource.from(random));
 * var pending = device.introduce(Offer.parse(qrFragment), "Ada's phone");  // send pending.message()
 * TrustedHelper helper = pending.confirm(acceptedReply);                   // pin S_h
 * var handshake = device.handshake(helper, machineId);                     // send handshake.hello()
 * Session session = handshake.finish(helperReply);                        // seal and open frames
 * </pre>
 */
public final class DeviceClient {
    private final P256.KeyPair deviceKey;
    private final String deviceId;
    private final Clock clock;
    private final KeySource ephemerals;

    public DeviceClient(P256.KeyPair deviceKey, Clock clock, KeySource ephemerals) {
        this.deviceKey = deviceKey;
        this.deviceId = P256.deviceId(deviceKey.publicKey());
        this.clock = clock;
        this.ephemerals = ephemerals;
    }

    public String deviceId() {
        return deviceId;
    }

    public String fingerprint() {
        return P256.fingerprint(deviceKey.publicKey());
    }

    /** Answers a QR offer: the introduction to send, and how to check the helper's reply. */
    public PendingIntroduction introduce(Offer offer, String deviceName) throws E2eException {
        TrustedDevice.checkName(deviceName);
        IntroductionProofs proofs = IntroductionProofs.of(offer.secret(), deviceKey.privateKey(), offer.helperKey(), offer.offerId(),
                offer.helperKey(), deviceKey.publicKey(), deviceName);
        Introduction message = new Introduction(offer.id(), Base64Url.encode(deviceKey.publicKey()), deviceName,
                Base64Url.encode(proofs.device()));
        return new PendingIntroduction(message, offer.helperKey(), proofs.helper(), deviceId);
    }

    /** An introduction sent and not yet confirmed. */
    public static final class PendingIntroduction {
        private final Introduction message;
        private final byte[] helperKey;
        private final byte[] expectedProof;
        private final String deviceId;

        private PendingIntroduction(Introduction message, byte[] helperKey, byte[] expectedProof, String deviceId) {
            this.message = message;
            this.helperKey = helperKey;
            this.expectedProof = expectedProof;
            this.deviceId = deviceId;
        }

        /** What to send to the helper. */
        public Introduction message() {
            return message;
        }

        /** Checks the helper's reply; the helper is trusted only if its proof verifies. */
        public TrustedHelper confirm(IntroductionAccepted reply) throws E2eException {
            if (!deviceId.equals(reply.deviceId())) {
                throw new E2eException(Failure.AUTH_FAILED, "the reply names another device");
            }
            IntroductionProofs.check(expectedProof, Base64Url.decode(reply.proof(), E2eLimits.PROOF_BYTES, "a proof"));
            return new TrustedHelper(helperKey.clone());
        }
    }

    /** Starts a session with a trusted helper over a new socket. */
    public Handshake handshake(TrustedHelper helper, String machineId) {
        return new Handshake(helper.publicKey(), machineId, ephemerals.next());
    }

    /** One handshake: send {@link #hello()}, give the helper's reply to {@link #finish}. */
    public final class Handshake {
        private final byte[] helperKey;
        private final String machineId;
        private final P256.KeyPair ephemeral;

        private Handshake(byte[] helperKey, String machineId, P256.KeyPair ephemeral) {
            this.helperKey = helperKey;
            this.machineId = machineId;
            this.ephemeral = ephemeral;
        }

        /** {@code 0x01 ‖ e_d}, base64url. */
        public String hello() {
            return Base64Url.encode(helloBytes());
        }

        private byte[] helloBytes() {
            return Bytes.concat(new byte[] {E2eLimits.VERSION}, ephemeral.publicKey());
        }

        /**
         * Reads {@code 0x01 ‖ e_h ‖ confirmation frame}, derives the keys and opens the helper's
         * empty frame 0: only the holder of S_h's private key can have sealed it.
         */
        public Session finish(String reply) throws E2eException {
            byte[] bytes = Base64Url.decode(reply);
            if (bytes.length > 0 && bytes[0] != E2eLimits.VERSION) {
                throw new E2eException(Failure.BAD_VERSION, "unknown handshake version");
            }
            if (bytes.length != HelperEndpoint.REPLY_BYTES) {
                throw new E2eException(Failure.MALFORMED, "a handshake reply is " + HelperEndpoint.REPLY_BYTES + " bytes");
            }
            byte[] helperEphemeral = Arrays.copyOfRange(bytes, 1, 1 + E2eLimits.PUBLIC_KEY_BYTES);
            SessionKeys keys = SessionKeys.device(deviceKey.privateKey(), deviceKey.publicKey(), ephemeral, helperKey, helperEphemeral);
            Session session = Session.device(keys, machineId, deviceId, helloBytes());
            byte[] confirmation = session.openBytes(Labels.CONFIRM_TYPE, "",
                    Arrays.copyOfRange(bytes, 1 + E2eLimits.PUBLIC_KEY_BYTES, bytes.length));
            if (confirmation.length != 0) {
                throw new E2eException(Failure.MALFORMED, "the confirmation frame is empty");
            }
            return session;
        }
    }

    /** Seals a decision for the helper (the service worker's job in the browser). */
    public String sealDecision(TrustedHelper helper, String machineId, String approvalId, Decision decision, String idempotencyKey)
            throws E2eException {
        DecisionMessage message = new DecisionMessage(approvalId, decision, idempotencyKey, clock.millis());
        Envelope envelope = new Envelope(machineId, deviceId, DecisionMessage.TYPE, approvalId);
        return OneShot.seal(OneShot.Purpose.DECISION, deviceKey, helper.publicKey(), ephemerals.next(), envelope, message.toJson());
    }

    /** Opens push content the helper sealed for this device. */
    public byte[] openPush(TrustedHelper helper, String machineId, String type, String ref, String sealed) throws E2eException {
        return OneShot.open(OneShot.Purpose.PUSH, deviceKey, helper.publicKey(), new Envelope(machineId, deviceId, type, ref), sealed);
    }
}
