package net.flydex.server.relay;

import java.util.function.BiConsumer;

/**
 * The one seam between browser connections and helper connections, so that a browser on one node
 * can reach a helper on another. {@link InProcessRelayBus} serves a single node; a Redis pub/sub
 * bus serves a cluster with the same two calls. Frames cross it as text, addressed by envelope
 * ({@link MachineRef}); the bus never looks inside.
 */
public interface RelayBus {
    /**
     * Carries a frame to the machine's helper, wherever it is connected.
     *
     * @return false when the machine's helper is connected nowhere (the machine is offline)
     */
    boolean toAgent(MachineRef machine, String frame);

    /**
     * Where frames from helpers arrive on this node: every frame a welcomed helper sent besides its
     * status, with the machine of the connection it came on (authenticated, never the frame's own
     * claim). Receivers run on the delivering thread: quick and non-blocking.
     */
    void onAgentFrame(BiConsumer<MachineRef, String> receiver);
}
