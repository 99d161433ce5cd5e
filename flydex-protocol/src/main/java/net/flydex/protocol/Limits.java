package net.flydex.protocol;

import java.time.Duration;

/** Every size and time that bounds the FlyDex protocol, each with the reason it has that value. */
public final class Limits {
    private Limits() {}

    /** Largest WebSocket text frame on /ws/agent and /ws/client; a bigger one closes with 1009. */
    public static final int MAX_FRAME_BYTES = 1024 * 1024;

    /** Largest HTTP request body on any JSON route: every valid request is far smaller. */
    public static final int MAX_HTTP_BODY_BYTES = 64 * 1024;

    /** Deepest JSON nesting accepted anywhere: real messages stay under 20; more is an attack. */
    public static final int MAX_JSON_NESTING = 200;

    /** Default port of the helper's local API, fixed so the web page can find it. */
    public static final int HELPER_PORT = 48163;

    /** A Codex request that takes longer than this is reported as hung rather than waited on. */
    public static final Duration CODEX_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Longest pause between attempts to restart or re-attach to Codex. */
    public static final Duration CODEX_RESTART_BACKOFF_CAP = Duration.ofSeconds(30);

    /**
     * How long an approval answered elsewhere waits for Codex to show the outcome before it is
     * reported as accepted: Codex reports a declined item at once, an accepted one only when its
     * command finishes. At 750 ms a loaded machine sometimes delivered the decline later than
     * that and it was reported as accepted; output or completion cut the wait short anyway.
     */
    public static final Duration APPROVAL_OUTCOME_GRACE = Duration.ofSeconds(2);

    /** Resolved approvals remembered, so late answers get already_resolved, not unknown_approval. */
    public static final int RESOLVED_APPROVALS_KEPT = 1024;

    /**
     * Longest image a prompt may carry, as the characters of its {@code data:} URL: the phone
     * downscales a photo to about a third of this, and the whole rpc must fit one relay frame.
     */
    public static final int MAX_PROMPT_IMAGE_URL_CHARS = 768 * 1024;

    /** Images per prompt: one photo or screenshot; more could not fit one frame anyway. */
    public static final int MAX_PROMPT_IMAGES = 1;

    /** Longest thread name a person may set: a title, not a document. */
    public static final int MAX_THREAD_NAME_CHARS = 200;

    /** Longest search term for thread titles. */
    public static final int MAX_SEARCH_TERM_CHARS = 200;

    /**
     * Longest thread title an approval card carries ({@code threadTitle}): a lock screen shows one
     * line of it; the thread page has the rest.
     */
    public static final int MAX_THREAD_TITLE = 120;

    /** Random bytes in every id or token FlyDex mints: 128 bits, as CONTRACT.md requires. */
    public static final int ID_BYTES = 16;
}
