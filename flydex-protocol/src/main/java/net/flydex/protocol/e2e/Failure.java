package net.flydex.protocol.e2e;

/**
 * Why a received message was refused. The wire names are shared with {@code e2e.js} and the test
 * vectors, so both implementations refuse the same input for the same reason.
 */
public enum Failure {
    /** The first byte names a suite this build does not speak: no downgrade, no guessing. */
    BAD_VERSION("bad_version"),
    /** Wrong length, truncated, not canonical base64url, or not the JSON the message must be. */
    MALFORMED("malformed"),
    /** A public key that is not a point on P-256. */
    BAD_POINT("bad_point"),
    /** A frame whose counter is not the next one expected: a replay, a reorder or a drop. */
    BAD_COUNTER("bad_counter"),
    /** The AES-GCM tag or an introduction proof does not verify: altered, misrouted or forged. */
    AUTH_FAILED("auth_failed"),
    /** The session already refused a frame (or ran out of counters); the socket must be reopened. */
    SESSION_CLOSED("session_closed"),
    /** No open offer has this id: never made here, or already used. */
    OFFER_UNKNOWN("offer_unknown"),
    /** The offer's lifetime is over by the helper's clock. */
    OFFER_EXPIRED("offer_expired"),
    DEVICE_UNKNOWN("device_unknown"),
    /** A decision issued too long ago, or too far in the future, by the helper's clock. */
    STALE("stale"),
    /** A plaintext or a name above its limit in {@link E2eLimits}. */
    TOO_LARGE("too_large");

    private final String wire;

    Failure(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
