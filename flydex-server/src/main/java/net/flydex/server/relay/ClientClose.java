package net.flydex.server.relay;

/**
 * Close codes the server uses on {@code /ws/client}, besides Jetty's own ({@code 1009} for a frame
 * over {@code Limits.MAX_FRAME_BYTES}, {@code 1001} when the server stops, {@code 1002} for an
 * unmasked frame). The web app reconnects with backoff on all but {@link #SESSION_ENDED}.
 */
public final class ClientClose {
    private ClientClose() {}

    /** RFC 6455: data of a type the endpoint cannot accept (the protocol is JSON text). */
    public static final int UNSUPPORTED_DATA = 1003;

    /**
     * RFC 6455 policy violation, used when the browser fell too far behind (its outbound queue is
     * full): reconnect and subscribe again, which re-sends presence and pending approvals.
     */
    public static final int TOO_SLOW = 1008;

    /**
     * The outbound queue overflowed while it held end-to-end frames: dropping any would leave a
     * gap in a session's counter, so the socket is closed instead. The browser reconnects,
     * subscribes and handshakes again (fresh sessions, and the helper re-sends pending approvals).
     * A private-range twin of {@link #TOO_SLOW}, so the web app can tell its sessions ended.
     */
    public static final int SEALED_TOO_SLOW = 4008;

    /** The session was signed out, revoked or expired: sign in again before reconnecting (mirrors HTTP 401). */
    public static final int SESSION_ENDED = 4401;

    /** {@link #SESSION_ENDED}'s reason when the session was signed out or revoked: the browser forgets its end-to-end keys. */
    public static final String ENDED_REASON = "session ended";

    /** {@link #SESSION_ENDED}'s reason when the session's window ran out: the browser keeps its keys for the next sign-in. */
    public static final String EXPIRED_REASON = "session expired";
}
