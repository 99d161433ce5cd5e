package net.flydex.server.machines;

import java.util.Optional;
import java.util.function.Consumer;
import net.flydex.protocol.CodexStatus;

/**
 * Where machines are online, as the relay and the machine routes see it: this node's helpers
 * ({@link AgentConnections}) on a single node, every node's in a cluster
 * ({@code net.flydex.server.cluster.ClusterPresence}).
 */
public interface MachinePresence {
    /** The machine's Codex status if its helper is connected (anywhere); empty when offline or another account's. */
    Optional<CodexStatus> online(String accountId, String machineId);

    /** Presence changes: online, offline, Codex status. Called on the thread that changed it: keep listeners quick. */
    void onPresence(Consumer<AgentConnections.Presence> listener);

    /** Closes the machine's helper connection wherever it is, and forgets it at once (revocation). */
    void disconnect(String machineId, int code, String reason);
}
