package net.flydex.protocol.e2e;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * One end of a sealed session over one socket, made by a handshake ({@link DeviceClient.Handshake}
 * on the device, {@link HelperEndpoint#answer} on the helper). Safe to use from several threads.
 *
 * <p>A sealed frame is {@code 0x01 ‖ counter (uint64 BE) ‖ AES-256-GCM ciphertext ‖ tag}, sent as
 * base64url. The nonce is {@code direction (0x01 device→helper, 0x02 helper→device) ‖ 0x000000 ‖
 * counter}; the associated data is the frame header followed by {@code fields("flydex-e2e-v1
 * frame", machineId, deviceId, type, ref)}, so the server can change no routing field, and no
 * frame opens in the other direction or another session.
 *
 * <p>Each direction counts from 0. The socket is reliable and ordered, so the receiver accepts only
 * the next counter: a replay, a reorder or a drop is an error. Any refused frame closes the
 * session for good; the socket must then be reopened with a fresh handshake.
 */
public final class Session {
    /** Direction bytes in the nonce. */
    static final byte DEVICE_TO_HELPER = 0x01;
    static final byte HELPER_TO_DEVICE = 0x02;

    private final Aead sender;
    private final Aead receiver;
    private final byte sendDirection;
    private final byte receiveDirection;
    private final String machineId;
    private final String deviceId;
    private final String sessionId;
    /** The associated data's fields every frame of the session shares: its label, machine and device. */
    private final byte[] sessionFields;
    private final BooleanSupplier peerTrusted;
    private long sent;
    private long received;
    private boolean closed;

    /** Bytes of SHA-256 of the hello that make a session's routing id (96 bits, 16 characters). */
    private static final int SESSION_ID_BYTES = 12;

    private Session(byte[] sendKey, byte[] receiveKey, byte sendDirection, String machineId, String deviceId, String sessionId,
            BooleanSupplier peerTrusted) {
        this.sender = new Aead(sendKey);
        this.receiver = new Aead(receiveKey);
        this.sendDirection = sendDirection;
        this.receiveDirection = sendDirection == DEVICE_TO_HELPER ? HELPER_TO_DEVICE : DEVICE_TO_HELPER;
        this.machineId = machineId;
        this.deviceId = deviceId;
        this.sessionId = sessionId;
        this.sessionFields = Bytes.fields(Labels.FRAME, machineId, deviceId);
        this.peerTrusted = peerTrusted;
    }

    static Session device(SessionKeys keys, String machineId, String deviceId, byte[] hello) {
        return new Session(keys.deviceToHelper(), keys.helperToDevice(), DEVICE_TO_HELPER, machineId, deviceId, routingId(hello), () -> true);
    }

    /** The helper's end; {@code peerTrusted} is asked before every frame, so revocation ends the session. */
    static Session helper(SessionKeys keys, String machineId, String deviceId, byte[] hello, BooleanSupplier peerTrusted) {
        return new Session(keys.helperToDevice(), keys.deviceToHelper(), HELPER_TO_DEVICE, machineId, deviceId, routingId(hello), peerTrusted);
    }

    private static String routingId(byte[] hello) {
        return Base64Url.encode(Arrays.copyOf(P256.sha256(hello), SESSION_ID_BYTES));
    }

    public String machineId() {
        return machineId;
    }

    public String deviceId() {
        return deviceId;
    }

    /**
     * Which of the device's sessions this is, for routing only (a device has one per tab):
     * base64url of the first 12 bytes of SHA-256 of the hello, which the server sees too.
     */
    public String sessionId() {
        return sessionId;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Seals {@code plaintext} as the next frame of this direction, bound to {@code type} and {@code ref}. */
    public String seal(String type, String ref, byte[] plaintext) throws E2eException {
        return Base64Url.encode(sealBytes(type, ref, plaintext));
    }

    synchronized byte[] sealBytes(String type, String ref, byte[] plaintext) throws E2eException {
        if (plaintext.length > E2eLimits.MAX_FRAME_PLAINTEXT_BYTES) {
            throw new E2eException(Failure.TOO_LARGE, "a sealed frame carries at most " + E2eLimits.MAX_FRAME_PLAINTEXT_BYTES + " bytes");
        }
        ensureUsable(sent);
        byte[] frame = sender.seal(nonce(sendDirection, sent), aad(sent, type, ref), E2eLimits.FRAME_HEADER_BYTES, plaintext);
        sent++;
        return frame;
    }

    /** Opens the next frame of the other direction; any failure closes the session. */
    public byte[] open(String type, String ref, String frame) throws E2eException {
        byte[] bytes;
        try {
            if (type == null || ref == null) {
                throw new E2eException(Failure.MALFORMED, "a routing field is missing");
            }
            bytes = Base64Url.decode(frame);
        } catch (E2eException e) {
            close();
            throw e;
        }
        return openBytes(type, ref, bytes);
    }

    /** Ends the session: every later seal or open is refused with {@link Failure#SESSION_CLOSED}. */
    public synchronized void close() {
        closed = true;
    }

    synchronized byte[] openBytes(String type, String ref, byte[] frame) throws E2eException {
        try {
            ensureUsable(received);
            if (frame.length > 0 && frame[0] != E2eLimits.VERSION) {
                throw new E2eException(Failure.BAD_VERSION, "unknown frame version");
            }
            if (frame.length < E2eLimits.FRAME_HEADER_BYTES + E2eLimits.TAG_BYTES) {
                throw new E2eException(Failure.MALFORMED, "frame too short");
            }
            long counter = ByteBuffer.wrap(frame, 1, Long.BYTES).getLong();
            if (counter != received) {
                throw new E2eException(Failure.BAD_COUNTER, "frame " + Long.toUnsignedString(counter) + " where " + received + " was due");
            }
            // The header is the version and this counter, both checked: rebuilt in place in the associated data.
            byte[] plaintext = receiver.open(nonce(receiveDirection, counter), aad(counter, type, ref), frame, E2eLimits.FRAME_HEADER_BYTES);
            received++;
            return plaintext;
        } catch (E2eException e) {
            closed = true;
            throw e;
        }
    }

    private void ensureUsable(long counter) throws E2eException {
        if (!closed && !peerTrusted.getAsBoolean()) {
            closed = true;
            throw new E2eException(Failure.DEVICE_UNKNOWN, "the device is no longer trusted");
        }
        if (!closed && counter >= E2eLimits.MAX_FRAMES_PER_DIRECTION) {
            closed = true;
        }
        if (closed) {
            throw new E2eException(Failure.SESSION_CLOSED, "the session is closed; reconnect");
        }
    }

    private static byte[] nonce(byte direction, long counter) {
        return ByteBuffer.allocate(E2eLimits.NONCE_BYTES).put(direction).putLong(E2eLimits.NONCE_BYTES - Long.BYTES, counter).array();
    }

    /** The frame header, the session's fields and the frame's own, laid out in one array (no header or concatenation apart). */
    private byte[] aad(long counter, String type, String ref) {
        byte[] routing = Bytes.fields(type, ref);
        byte[] aad = new byte[E2eLimits.FRAME_HEADER_BYTES + sessionFields.length + routing.length];
        aad[0] = E2eLimits.VERSION;
        ByteBuffer.wrap(aad, 1, Long.BYTES).putLong(counter);
        System.arraycopy(sessionFields, 0, aad, E2eLimits.FRAME_HEADER_BYTES, sessionFields.length);
        System.arraycopy(routing, 0, aad, E2eLimits.FRAME_HEADER_BYTES + sessionFields.length, routing.length);
        return aad;
    }
}
