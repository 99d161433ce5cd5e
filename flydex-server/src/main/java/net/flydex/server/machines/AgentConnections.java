package net.flydex.server.machines;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.CodexStatus;

/**
 * The helpers connected to this node, at most one per machine: the newest connection wins and
 * the older one is closed with {@link AgentClose#REPLACED}. This is the relay's way in: look a
 * machine up by account and id, send it frames, and follow presence.
 *
 * <p>In-process, so it knows this node's helpers only; in a cluster,
 * {@code net.flydex.server.cluster.ClusterPresence} shares their presence with the other nodes.
 */
public final class AgentConnections implements MachinePresence {
    /** A machine came online, went offline, or its Codex changed state. */
    public record Presence(String accountId, String machineId, boolean online, CodexStatus codexStatus) {}

    private final Map<String, AgentConnection> byMachine = new ConcurrentHashMap<>();
    private final List<Consumer<Presence>> listeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<AgentConnection, String>> frameListeners = new CopyOnWriteArrayList<>();

    /** The machine's live connection, if it is online here and belongs to this account (else empty, as if unknown). */
    public Optional<AgentConnection> find(String accountId, String machineId) {
        return Optional.ofNullable(byMachine.get(machineId)).filter(c -> c.accountId().equals(accountId));
    }

    @Override
    public Optional<CodexStatus> online(String accountId, String machineId) {
        return find(accountId, machineId).map(AgentConnection::codexStatus);
    }

    /** How many helpers are connected to this node (a metric). */
    public int size() {
        return byMachine.size();
    }

    /** Called on the thread that changed presence: keep listeners quick and non-blocking. */
    @Override
    public void onPresence(Consumer<Presence> listener) {
        listeners.add(listener);
    }

    /**
     * Called with every frame a welcomed helper sends besides its status (rpc answers, events,
     * approvals: the relay's input), as the text it arrived as. Runs on the helper's reader thread:
     * keep listeners quick and non-blocking.
     */
    public void onFrame(BiConsumer<AgentConnection, String> listener) {
        frameListeners.add(listener);
    }

    void frameReceived(AgentConnection connection, String text) {
        frameListeners.forEach(listener -> listener.accept(connection, text));
    }

    /**
     * Makes {@code connection} its machine's live one, closing any older connection of that
     * machine. Listeners hear of it only through {@link #announceOnline}, once the helper has been
     * welcomed - before that it would drop what they send.
     */
    void attach(AgentConnection connection) {
        AgentConnection older = byMachine.put(connection.machineId(), connection);
        if (older != null) {
            older.close(AgentClose.REPLACED, "replaced by a newer connection of this machine");
        }
    }

    void announceOnline(AgentConnection connection) {
        if (byMachine.get(connection.machineId()) == connection) {
            announce(connection, true);
        }
    }

    /** Forgets a closed connection; a no-op when a newer one replaced it or it was disconnected. */
    void detach(AgentConnection connection) {
        if (byMachine.remove(connection.machineId(), connection)) {
            announce(connection, false);
        }
    }

    void codexStatusChanged(AgentConnection connection, CodexStatus codexStatus) {
        connection.codexStatus(codexStatus);
        if (byMachine.get(connection.machineId()) == connection) {
            announce(connection, true);
        }
    }

    /** Closes the machine's connection and forgets it at once, so nothing more reaches a revoked machine. */
    @Override
    public void disconnect(String machineId, int code, String reason) {
        Optional.ofNullable(byMachine.remove(machineId)).ifPresent(connection -> {
            connection.close(code, reason);
            announce(connection, false);
        });
    }

    private void announce(AgentConnection connection, boolean online) {
        var presence = new Presence(connection.accountId(), connection.machineId(), online, connection.codexStatus());
        listeners.forEach(listener -> listener.accept(presence));
    }
}
