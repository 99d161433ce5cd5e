package net.flydex.protocol;

/**
 * Close codes the server uses on {@code /ws/agent} (RFC 6455 leaves 4000-4999 to applications),
 * besides the standard ones ({@code 1009} for a frame over {@link Limits#MAX_FRAME_BYTES}, {@code 1001}
 * when the server stops, {@code 1006}/{@code 1011} on network or server failure).
 *
 * <p>What the helper does on each is part of the contract: only {@link #UNAUTHORIZED} and
 * {@link #REPLACED} mean "do not reconnect"; the others are worth retrying with backoff.
 */
public final class AgentClose {
    private AgentClose() {}

    /** Malformed first message (not JSON, not a well-formed hello): a helper bug; retry after backoff. */
    public static final int BAD_HELLO = 4400;

    /**
     * Bad signature, unknown, dropped or revoked machine, or a hello that does not answer this
     * socket's challenge. The machine is not accepted: stop, and do not retry in a loop - only a
     * new local connect, finalized in the browser, makes it a machine again.
     */
    public static final int UNAUTHORIZED = 4401;

    /** The machine registered but the browser has not finalized its local connect yet: connect after it. */
    public static final int NOT_FINALIZED = 4403;

    /** No hello within the server's hello timeout (10 s): a slow network, so retry with backoff. */
    public static final int HELLO_TIMEOUT = 4408;

    /**
     * A newer connection of the same machine took over (the newest one wins). The helper that gets
     * it is the older instance: it should stop reconnecting, so two copies of a machine do not flap.
     */
    public static final int REPLACED = 4409;
}
