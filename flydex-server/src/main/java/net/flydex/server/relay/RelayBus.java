package net.flydex.server.relay;

import java.util.function.BiConsumer;

/**
 * The one seam between browser connections and helper connections, so that a browser on one node
 * can reach a helper on another. {@link InProcessRelayBus} serves a single node; a Redis pub/sub
 * bus serves a cluster with the same two calls. Frames cross it as text, addressed by envelope
 * ({@link MachineRef}); the bus never looks inside.
 */
public interface RelayBus {
    /** What became of a frame sent towards a helper. */
    enum Delivery {
        /** Handed to the helper's connection (here) or to the node that holds it. */
        SENT,
        /** The machine's helper is connected nowhere. */
        OFFLINE,
        /** The helper is on another node and the link between nodes is down: not delivered. */
        UNAVAILABLE
    }

    /** Carries a frame to the machine's helper, wherever it is connected. */
    Delivery toAgent(MachineRef machine, String frame);

    /**
     * Where frames from helpers arrive on this node: every frame a welcomed helper sent besides its
     * status, with the machine of the connection it came on (authenticated, never the frame's own
     * claim). Receivers run on the delivering thread: quick and non-blocking.
     */
    void onAgentFrame(BiConsumer<MachineRef, String> receiver);
}
