package net.flydex.helper.relay;

/** The helper's socket to the control plane, as the relay sends on it. */
public interface Uplink {
    /** Queues one frame without waiting on the network; false when it was dropped (disconnected or full). */
    boolean send(String text);

    /**
     * True while frames wait behind the sends under way: the relay then holds its own frames back
     * (merging streamed deltas) until the uplink says it drained.
     */
    boolean backedUp();
}
