package net.flydex.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Error codes on the wire: part of the public contract, so never renamed. */
public enum ErrorCode {
    BAD_REQUEST("bad_request"),
    NOT_FOUND("not_found"),
    METHOD_NOT_ALLOWED("method_not_allowed"),
    MACHINE_OFFLINE("machine_offline"),
    ALREADY_RESOLVED("already_resolved"),
    UNKNOWN_APPROVAL("unknown_approval"),
    ACCESS_EXPIRED("access_expired"),
    BAD_ORIGIN("bad_origin"),
    BAD_HOST("bad_host"),
    RATE_LIMITED("rate_limited"),
    /** No valid session: missing, expired or unknown credentials. */
    UNAUTHORIZED("unauthorized"),
    INVALID_CREDENTIALS("invalid_credentials"),
    /** The session was signed out or revoked elsewhere, or its rotated refresh token was presented again. */
    SESSION_REVOKED("session_revoked"),
    /**
     * The session's 14-day window ran out unused. Told apart from {@link #SESSION_REVOKED} because a
     * browser forgets its end-to-end keys only when its session was taken away, not when it lapsed.
     */
    SESSION_EXPIRED("session_expired"),
    EMAIL_TAKEN("email_taken"),
    /** A pairing claim already approved, denied or expired. */
    CLAIM_GONE("claim_gone"),
    /**
     * The request clashes with the current state: a machine key bound to another account, a
     * connect token already used to register, a local-connect step out of order.
     */
    CONFLICT("conflict"),
    BILLING_UNCONFIGURED("billing_unconfigured"),
    /** Codex is not running (missing, starting or restarting); the request did not reach it. */
    CODEX_UNAVAILABLE("codex_unavailable"),
    /** Codex took longer than {@link Limits#CODEX_REQUEST_TIMEOUT} to answer. */
    CODEX_TIMEOUT("codex_timeout"),
    /** Codex answered with a JSON-RPC error; its message is passed on. */
    CODEX_ERROR("codex_error"),
    NOT_IMPLEMENTED("not_implemented"),
    /**
     * The link between control-plane nodes (Redis) is down, so a helper connected to another node
     * cannot be reached; the request was not delivered. Retrying after a few seconds is safe.
     */
    RELAY_UNAVAILABLE("relay_unavailable"),
    /**
     * A push subscription's endpoint is not a URL the server will send to: not https, not a known
     * push service (nor a prefix the operator trusts), or too long.
     */
    BAD_ENDPOINT("bad_endpoint"),
    /** A clear rpc or decision reached the helper: everything between a device and a helper travels sealed (docs/e2e.md). */
    E2E_REQUIRED("e2e_required"),
    /** The device is not, or no longer, trusted by the machine: introduce it again from the desktop's QR. */
    DEVICE_UNKNOWN("device_unknown"),
    /** Any other end-to-end failure (bad frame, counter, proof, expired offer); the message names the failure. */
    E2E_REFUSED("e2e_refused"),
    /** The sealed frame names no session its socket opened: handshake again. */
    SESSION_UNKNOWN("session_unknown"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
