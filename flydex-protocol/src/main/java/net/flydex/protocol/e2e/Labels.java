package net.flydex.protocol.e2e;

/**
 * The domain-separation strings of suite v1: every HKDF info, MAC transcript and associated data
 * starts with one, so no value derived for one purpose is ever valid for another.
 */
final class Labels {
    private Labels() {}

    /** HKDF info for the introduction key (salt: the offer's secret; ikm: DH(S_d, S_h)). */
    static final String INTRODUCE = "flydex-e2e-v1 introduce";
    /** First field of the transcript the device's introduction proof MACs. */
    static final String INTRODUCE_DEVICE = "flydex-e2e-v1 introduce device";
    /** First field of the transcript the helper's answering proof MACs. */
    static final String INTRODUCE_HELPER = "flydex-e2e-v1 introduce helper";
    /** Prefix of the handshake salt's hash, and HKDF info for the session keys. */
    static final String SESSION = "flydex-e2e-v1 session";
    /** First field of every sealed frame's associated data. */
    static final String FRAME = "flydex-e2e-v1 frame";
    /** The message type the handshake's key-confirmation frame is sealed under. */
    static final String CONFIRM_TYPE = "handshake";
}
