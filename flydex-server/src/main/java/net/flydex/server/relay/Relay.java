package net.flydex.server.relay;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.machines.FrameEnvelope;
import net.flydex.server.machines.Machine;
import net.flydex.server.machines.MachinePresence;
import net.flydex.server.machines.Machines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes between browsers and helpers by envelope only: account, machine, frame type, ids. Every
 * machine id a browser names is resolved inside its own account, and another account's machine
 * answers exactly like an unknown one ({@code not_found}); helper frames are trusted only for the
 * machine of the connection they came on. End-to-end frames (docs/e2e.md, "Wiring") are routed by
 * their clear envelope to the one socket whose session they name ({@link SessionRoutes}); clear
 * frames from helpers that do not seal yet are broadcast to the machine's subscribers as before.
 */
public final class Relay {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final RpcRouter rpcs;
    private final SessionRoutes sessions;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Machines machines;
    private final MachinePresence agents;

    private final Grants grants;
    private final AccessPolicy access;

    public Relay(RelayBus bus, Machines machines, MachinePresence agents, AccessPolicy access) {
        this.grants = new Grants(machines, access);
        this.access = access;
        this.sessions = new SessionRoutes(bus);
        this.rpcs = new RpcRouter(bus, grants, sessions);
        this.machines = machines;
        this.agents = agents;
    }

    void received(ClientConnection client, ClientMessage message) {
        switch (message) {
            case ClientMessage.Rpc rpc -> rpcs.call(client, rpc);
            case ClientMessage.Hello hello -> rpcs.hello(client, hello);
            case ClientMessage.SealedRpc sealed -> rpcs.sealed(client, sealed);
            case ClientMessage.Introduce introduce -> rpcs.introduce(client, introduce);
            case ClientMessage.Subscribe subscribe -> subscribe(client, subscribe);
            case ClientMessage.Unsubscribe unsubscribe -> {
                var machine = new MachineRef(client.accountId(), unsubscribe.machineId());
                subscriptions.remove(machine, client);
                sessions.unsubscribed(client, machine);
            }
            case ClientMessage.Malformed malformed -> client.sendError(malformed.id(), ErrorCode.BAD_REQUEST, malformed.reason());
        }
    }

    void disconnected(ClientConnection client) {
        client.closed();
        subscriptions.removeAll(client);
        sessions.disconnected(client);
    }

    /**
     * A request for an HTTP route (a decision from a notification), through the same machinery as
     * a browser's, so it reaches a helper on any node. The machine must be an active one of the
     * account and its access in force, else it fails at once with {@code not_found} or
     * {@code access_expired} and nothing reaches the helper.
     *
     * @param kind what the request is, for the debug log ({@code approval/respond}, {@code e2e/decision})
     * @param frame the frame towards the helper, given the relay id it must carry as {@code id}
     */
    public CompletableFuture<RpcOutcome> request(String accountId, String machineId, String kind, Function<String, ObjectNode> frame) {
        if (machines.find(accountId, machineId).isEmpty()) {
            return CompletableFuture.completedFuture(new RpcOutcome.Failed(new RpcError(ErrorCode.NOT_FOUND, "not found")));
        }
        if (!access.inForce(access.usableUntil(accountId))) {
            return CompletableFuture.completedFuture(new RpcOutcome.Failed(RpcRouter.ACCESS_EXPIRED));
        }
        return rpcs.request(new MachineRef(accountId, machineId), kind, frame);
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
     * Answers are routed by their envelope alone and passed on as they came; other frames are read
     * whole, since the relay checks their machine, routes sealed ones by session and merges clear deltas.
     * A helper's {@code push} is for the node holding its socket ({@code PushNotifier}), not for browsers.
     */
    public void fromAgent(MachineRef machine, String text) {
        Optional<FrameEnvelope> envelope = FrameEnvelope.read(text);
        if (envelope.isEmpty()) {
            log.debug("dropped a frame that is not a JSON object from machine {}", machine.machineId());
            return;
        }
        switch (envelope.get().type()) {
            case "result", "error" -> rpcs.answered(machine, envelope.get());
            case SealedFrames.EVENT, SealedFrames.APPROVAL, SealedFrames.APPROVAL_RESOLVED -> {
                JsonNode frame = WireJson.mapper().readTree(text);
                if (frame.has("sealed")) {
                    sessions.deliver(machine, text, frame);
                } else {
                    broadcast(machine, text, frame);
                }
            }
            case SealedFrames.CLOSED -> sessions.closedByHelper(machine, text, WireJson.mapper().readTree(text));
            case SealedFrames.PUSH -> { }
            default -> log.debug("dropped a frame of a type the relay does not route from machine {}", machine.machineId());
        }
    }

    /** A machine came online, went offline or its Codex changed state ({@link MachinePresence#onPresence}). */
    public void presence(AgentConnections.Presence presence) {
        var machine = new MachineRef(presence.accountId(), presence.machineId());
        subscriptions.publish(machine, Outgoing.of(RelayFrames.machine(presence.machineId(), presence.online(), presence.codexStatus())));
        if (!presence.online()) {
            rpcs.machineOffline(machine);
        }
    }

    /**
     * Presence now, to this browser; again on every subscribe, as a reconnect needs. Pending
     * approvals are the helper's to send, sealed, after each handshake: the relay cannot read them.
     */
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
