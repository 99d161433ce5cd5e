package net.flydex.server.relay;

/** What a browser's {@link OutboundQueue} holds: a frame as it came, or a run of merged deltas. */
sealed interface Queued permits Outgoing, DeltaRun {
    /** The frame to write. */
    String text();

    /** Its size as the queue counts it against its bounds. */
    long chars();
}
