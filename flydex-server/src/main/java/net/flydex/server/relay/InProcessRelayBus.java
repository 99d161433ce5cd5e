package net.flydex.server.relay;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import net.flydex.server.machines.AgentConnections;

/** The relay bus of a single node: this node's helpers are all there is. */
public final class InProcessRelayBus implements RelayBus {
    private final AgentConnections agents;
    private final List<BiConsumer<MachineRef, String>> receivers = new CopyOnWriteArrayList<>();

    private InProcessRelayBus(AgentConnections agents) {
        this.agents = agents;
    }

    /** A bus over this node's helper connections, passing on every frame they send. */
    public static InProcessRelayBus over(AgentConnections agents) {
        var bus = new InProcessRelayBus(agents);
        agents.onFrame((connection, text) -> bus.fromAgent(new MachineRef(connection.accountId(), connection.machineId()), text));
        return bus;
    }

    @Override
    public Delivery toAgent(MachineRef machine, String frame) {
        return agents.find(machine.accountId(), machine.machineId()).map(connection -> {
            connection.send(frame);
            return Delivery.SENT;
        }).orElse(Delivery.OFFLINE);
    }

    @Override
    public void onAgentFrame(BiConsumer<MachineRef, String> receiver) {
        receivers.add(receiver);
    }

    private void fromAgent(MachineRef machine, String frame) {
        receivers.forEach(receiver -> receiver.accept(machine, frame));
    }
}
