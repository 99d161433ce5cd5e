package net.flydex.server.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.flydex.protocol.WireJson;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.relay.MachineRef;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Figures read off the relay's traffic: approvals waiting for a person (raised by a helper and
 * not resolved yet, forgotten when its machine goes offline), helper reconnects, and the error
 * codes helpers answer with. Only the approval id and the error code are read, and kept only as
 * counts and an in-memory set.
 */
final class RelayGauges {
    private final NodeMetrics metrics;
    private final Map<MachineRef, Set<String>> pending = new ConcurrentHashMap<>();
    /** Machines whose helper this node has seen, and whether it is connected now. */
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();

    RelayGauges(NodeMetrics metrics) {
        this.metrics = metrics;
        metrics.gauge("flydex.approvals.pending", "Approvals raised by helpers and not resolved yet, as this node's relay saw them",
                () -> pending.values().stream().mapToInt(Set::size).sum());
    }

    /** A frame of type {@code approval}, {@code approvalResolved} or {@code error} from a helper. */
    void helperFrame(MachineRef machine, String type, String frame) {
        JsonNode parsed;
        try {
            parsed = WireJson.mapper().readTree(frame);
        } catch (JacksonException malformed) {
            return;
        }
        switch (type) {
            // Clear cards carry the id inside; sealed ones (once per session) in the envelope.
            case "approval" -> parsed.path("approval").path("approvalId").asStringOpt().or(() -> parsed.path("approvalId").asStringOpt()).ifPresent(id ->
                    pending.computeIfAbsent(machine, m -> ConcurrentHashMap.newKeySet()).add(id));
            case "approvalResolved" -> parsed.path("approvalId").asStringOpt().ifPresent(id ->
                    pending.computeIfPresent(machine, (m, ids) -> {
                        ids.remove(id);
                        return ids.isEmpty() ? null : ids;
                    }));
            case "error" -> parsed.path("error").path("code").asStringOpt().ifPresent(metrics::helperError);
            default -> { }
        }
    }

    /** Presence as the relay hears it: an offline machine's approvals are cancelled with it; a return counts as a reconnect. */
    void presence(AgentConnections.Presence presence) {
        if (!presence.online()) {
            pending.remove(new MachineRef(presence.accountId(), presence.machineId()));
            seen.replace(presence.machineId(), false);
        } else if (Boolean.FALSE.equals(seen.put(presence.machineId(), true))) {
            metrics.agentReconnect();
        }
    }
}
