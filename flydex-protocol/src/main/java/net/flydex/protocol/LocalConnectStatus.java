package net.flydex.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a local-connect session is: the desktop browser reads it, the helper reports most of it
 * ({@code POST /api/local-connect/{id}/agent-status}). Listed in the only order a session may move
 * through; a failure can end it at any point.
 */
public enum LocalConnectStatus {
    /** Started by the browser; the helper has not reported yet. Set by the server only. */
    CREATED("created"),
    /** The helper took the connect token and is contacting the server. */
    CONNECTING("connecting"),
    /** The helper's machine key is registered (the server records this when register succeeds). */
    REGISTERED("registered"),
    /** The helper waits for the browser to compare fingerprints and finalize. */
    AWAITING_BROWSER_FINALIZE("awaiting_browser_finalize"),
    /** Finalized; the helper is starting or attaching to Codex. */
    CODEX_STARTING("codex_starting"),
    /** Codex answers: the machine is ready to steer. The session ends. */
    CODEX_READY("codex_ready"),
    /** Failure: no Codex binary on the desktop. The session ends. */
    CODEX_MISSING("codex_missing"),
    /** Failure, with a {@code detail} for the person. The session ends. */
    ERROR("error"),
    /** Not finalized within the session's life. Set by the server only; the session ends. */
    EXPIRED("expired");

    private final String wire;

    LocalConnectStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** A failure: the session ended without a ready machine. */
    public boolean isFailure() {
        return this == CODEX_MISSING || this == ERROR || this == EXPIRED;
    }

    /** The session is over: its connect token authorizes nothing more. */
    public boolean endsSession() {
        return this == CODEX_READY || isFailure();
    }

    /** One the helper may report; {@link #CREATED} and {@link #EXPIRED} are the server's alone. */
    public boolean reportableByAgent() {
        return this != CREATED && this != EXPIRED;
    }

    public static Optional<LocalConnectStatus> fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
    }
}
