package net.flydex.protocol.e2e;

import java.time.Clock;
import java.util.Arrays;

/**
 * The helper's side of sessions and one-shot messages, for one machine: it answers handshakes
 * from trusted devices only, seals push content for a device, and opens decisions. Introductions
 * are {@link Introductions}' job. Safe to use from several threads.
 */
public final class HelperEndpoint {
    /** A handshake reply: version, e_h, and the sealed empty confirmation frame. */
    static final int REPLY_BYTES = 1 + E2eLimits.PUBLIC_KEY_BYTES + E2eLimits.FRAME_HEADER_BYTES + E2eLimits.TAG_BYTES;
    /** A hello: version and e_d. */
    static final int HELLO_BYTES = 1 + E2eLimits.PUBLIC_KEY_BYTES;

    private final String machineId;
    private final P256.KeyPair helperKey;
    private final TrustedDevices devices;
    private final Clock clock;
    private final KeySource ephemerals;

    public HelperEndpoint(String machineId, P256.KeyPair helperKey, TrustedDevices devices, Clock clock, KeySource ephemerals) {
        this.machineId = machineId;
        this.helperKey = helperKey;
        this.devices = devices;
        this.clock = clock;
        this.ephemerals = ephemerals;
    }

    /** A handshake answered: the reply to send back, and the helper's end of the session. */
    public record Answer(String reply, Session session) {}

    /**
     * Answers a device's hello. An unknown or revoked device gets no handshake at all, so nothing
     * it sends later can open.
     */
    public Answer answer(String deviceId, String hello) throws E2eException {
        TrustedDevice device = trusted(deviceId);
        byte[] bytes = Base64Url.decode(hello);
        if (bytes.length > 0 && bytes[0] != E2eLimits.VERSION) {
            throw new E2eException(Failure.BAD_VERSION, "unknown handshake version");
        }
        if (bytes.length != HELLO_BYTES) {
            throw new E2eException(Failure.MALFORMED, "a hello is " + HELLO_BYTES + " bytes");
        }
        byte[] deviceEphemeral = Arrays.copyOfRange(bytes, 1, bytes.length);
        P256.KeyPair ephemeral = ephemerals.next();
        SessionKeys keys = SessionKeys.helper(helperKey.privateKey(), helperKey.publicKey(), ephemeral, device.publicKey(), deviceEphemeral);
        Session session = Session.helper(keys, machineId, deviceId, bytes, () -> devices.isTrusted(deviceId));
        byte[] confirmation = session.sealBytes(Labels.CONFIRM_TYPE, "", new byte[0]);
        return new Answer(Base64Url.encode(Bytes.concat(new byte[] {E2eLimits.VERSION}, ephemeral.publicKey(), confirmation)), session);
    }

    /** Seals a notification's content for one trusted device ({@code ref}: the approval id). */
    public String sealPush(String deviceId, String type, String ref, byte[] plaintext) throws E2eException {
        TrustedDevice device = trusted(deviceId);
        return OneShot.seal(OneShot.Purpose.PUSH, helperKey, device.publicKey(), ephemerals.next(),
                new Envelope(machineId, deviceId, type, ref), plaintext);
    }

    /**
     * Opens a decision a trusted device sealed for {@code approvalId}, and checks it is fresh by
     * this helper's clock. The caller then applies it under the usual exactly-once rules.
     */
    public DecisionMessage openDecision(String deviceId, String approvalId, String sealed) throws E2eException {
        TrustedDevice device = trusted(deviceId);
        if (approvalId == null) {
            throw new E2eException(Failure.MALFORMED, "the approval id is missing");
        }
        byte[] json = OneShot.open(OneShot.Purpose.DECISION, helperKey, device.publicKey(),
                new Envelope(machineId, deviceId, DecisionMessage.TYPE, approvalId), sealed);
        DecisionMessage decision = DecisionMessage.parse(json, approvalId);
        decision.checkFresh(clock.instant());
        return decision;
    }

    private TrustedDevice trusted(String deviceId) throws E2eException {
        return devices.find(deviceId).orElseThrow(() -> new E2eException(Failure.DEVICE_UNKNOWN, "not a trusted device"));
    }
}
