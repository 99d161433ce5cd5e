package net.flydex.server.relay;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.WireJson;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.machines.FrameEnvelope;
import net.flydex.server.machines.Machine;
import net.flydex.server.machines.MachinePresence;
import net.flydex.server.machines.Machines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Routes between browsers and helpers by envelope only: account, machine, frame type, ids. Every
 * machine id a browser names is resolved inside its own account, and another account's machine
 * answers exactly like an unknown one ({@code not_found}); helper frames are trusted only for the
 * machine of the connection they came on.
 */
public final class Relay {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final RpcRouter rpcs;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Machines machines;
    /** Machines this node has seen come online, so a reconnect can be told from a status change. */
    private final Set<MachineRef> online = ConcurrentHashMap.newKeySet();
    private final MachinePresence agents;

    private final Grants grants;
    private final AccessPolicy access;

    public Relay(RelayBus bus, Machines machines, MachinePresence agents, AccessPolicy access) {
        this.grants = new Grants(machines, access);
        this.access = access;
        this.rpcs = new RpcRouter(bus, grants);
        this.machines = machines;
        this.agents = agents;
    }

    void received(ClientConnection client, ClientMessage message) {
        switch (message) {
            case ClientMessage.Rpc rpc -> rpcs.call(client, rpc);
            case ClientMessage.Subscribe subscribe -> subscribe(client, subscribe);
            case ClientMessage.Unsubscribe unsubscribe ->
                    subscriptions.remove(new MachineRef(client.accountId(), unsubscribe.machineId()), client);
            case ClientMessage.Malformed malformed -> client.sendError(malformed.id(), ErrorCode.BAD_REQUEST, malformed.reason());
        }
    }

    void disconnected(ClientConnection client) {
        client.closed();
        subscriptions.removeAll(client);
    }

    /**
     * An rpc for an HTTP route (a decision from a notification), through the same machinery as a
     * browser's, so it reaches a helper on any node. The machine must be an active one of the
     * account and its access in force, else it fails at once with {@code not_found} or
     * {@code access_expired} and nothing reaches the helper.
     */
    public CompletableFuture<RpcOutcome> request(String accountId, String machineId, String method, JsonNode params) {
        if (machines.find(accountId, machineId).isEmpty()) {
            return CompletableFuture.completedFuture(new RpcOutcome.Failed(new RpcError(ErrorCode.NOT_FOUND, "not found")));
        }
        if (!access.inForce(access.usableUntil(accountId))) {
            return CompletableFuture.completedFuture(new RpcOutcome.Failed(RpcRouter.ACCESS_EXPIRED));
        }
        return rpcs.request(new MachineRef(accountId, machineId), method, params);
    }

    /**
     * A machine was revoked or an account's billing changed ({@link Machines#onRevoked},
     * {@code Billing.onAccessChanged}): every browser's rpc grant is looked up again before its next use.
     */
    public void revalidateGrants() {
        grants.revalidate();
    }

    /**
     * A frame from a helper, with the machine of the connection it came on ({@link RelayBus#onAgentFrame}).
     * Answers are routed by their envelope alone and passed on as they came; frames for subscribers are read
     * whole, since the relay checks their machine and merges deltas.
     */
    public void fromAgent(MachineRef machine, String text) {
        Optional<FrameEnvelope> envelope = FrameEnvelope.read(text);
        if (envelope.isEmpty()) {
            log.debug("dropped a frame that is not a JSON object from machine {}", machine.machineId());
            return;
        }
        switch (envelope.get().type()) {
            case "result", "error" -> rpcs.answered(machine, envelope.get());
            case "event", "approval", "approvalResolved" -> broadcast(machine, text, WireJson.mapper().readTree(text));
            default -> log.debug("dropped a frame of a type the relay does not route from machine {}", machine.machineId());
        }
    }

    /** A machine came online, went offline or its Codex changed state ({@link MachinePresence#onPresence}). */
    public void presence(AgentConnections.Presence presence) {
        var machine = new MachineRef(presence.accountId(), presence.machineId());
        subscriptions.publish(machine, Outgoing.of(RelayFrames.machine(presence.machineId(), presence.online(), presence.codexStatus())));
        if (!presence.online()) {
            online.remove(machine);
            rpcs.machineOffline(machine);
        } else if (online.add(machine) && subscriptions.hasSubscribers(machine)) {
            // Back after an outage (its helper, or this node, restarted): browsers that subscribed
            // meanwhile have not seen the approvals still waiting on that desktop.
            rpcs.ask(machine, RpcMethods.APPROVALS_LIST, result -> result.path("approvals").forEach(approval ->
                    subscriptions.publish(machine, Outgoing.of(RelayFrames.approval(machine.machineId(), approval)))));
        }
    }

    /** Presence now, then every pending approval, to this browser; again on every subscribe, as a reconnect needs. */
    private void subscribe(ClientConnection client, ClientMessage.Subscribe subscribe) {
        Optional<Machine> found = machines.find(client.accountId(), subscribe.machineId());
        if (found.isEmpty()) {
            client.sendError(subscribe.id(), ErrorCode.NOT_FOUND, "not found");
            return;
        }
        var machine = new MachineRef(client.accountId(), subscribe.machineId());
        subscriptions.add(machine, client);
        Optional<CodexStatus> live = agents.online(machine.accountId(), machine.machineId());
        // Offline, the status is the last one its helper reported; error (unreachable) if it never connected.
        CodexStatus status = live.or(() -> found.get().codexStatus()).orElse(CodexStatus.ERROR);
        client.send(RelayFrames.machine(machine.machineId(), live.isPresent(), status));
        rpcs.ask(machine, RpcMethods.APPROVALS_LIST, result -> result.path("approvals").forEach(approval ->
                client.send(RelayFrames.approval(machine.machineId(), approval))));
    }

    private void broadcast(MachineRef machine, String text, JsonNode frame) {
        // A helper speaks for its own machine only: a frame naming another one is never delivered.
        if (!machine.machineId().equals(frame.path("machineId").asString(""))) {
            log.debug("dropped a frame naming another machine from machine {}", machine.machineId());
            return;
        }
        subscriptions.publish(machine, Outgoing.relayed(text, frame));
    }
}
