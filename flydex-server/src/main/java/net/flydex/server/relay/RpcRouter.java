package net.flydex.server.relay;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.machines.FrameEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests from browsers to helpers and their answers back: clear rpcs, and the end-to-end
 * hello, sealed rpc and introduction, all through the same checks and pending-request machinery.
 * Towards the helper each request gets a relay id of its own and loses its machine id; the
 * answer is mapped back to the browser's id, the only field rewritten. Logs name kinds, methods
 * of clear rpcs and ids, never params, results, hellos, sealed text or introductions.
 */
final class RpcRouter {
    private static final Logger log = LoggerFactory.getLogger(RpcRouter.class);
    private static final RpcError OFFLINE = new RpcError(ErrorCode.MACHINE_OFFLINE, "the machine is offline");
    private static final RpcError UNAVAILABLE = new RpcError(ErrorCode.RELAY_UNAVAILABLE,
            "the machine is connected to another FlyDex node that cannot be reached right now; try again shortly");
    static final RpcError ACCESS_EXPIRED = new RpcError(ErrorCode.ACCESS_EXPIRED, "the trial has ended; a subscription keeps FlyDex working");

    private final RelayBus bus;
    private final Grants grants;
    private final SessionRoutes sessions;
    private final PendingRpcs pending = new PendingRpcs();

    RpcRouter(RelayBus bus, Grants grants, SessionRoutes sessions) {
        this.bus = bus;
        this.grants = grants;
        this.sessions = sessions;
    }

    /** A clear rpc: checks in order the allowed method, the caller's machine and access ({@link Grants}), room in flight. */
    void call(ClientConnection client, ClientMessage.Rpc rpc) {
        if (!RpcMethods.isAllowed(rpc.method())) {
            client.sendError(Optional.of(rpc.id()), ErrorCode.METHOD_NOT_ALLOWED, "this method is not available through FlyDex");
            return;
        }
        admit(client, rpc.id(), rpc.machineId()).ifPresent(machine -> send(client, rpc.id(), machine, rpc.method(),
                new ForBrowser(client, rpc.id(), false), relayId -> RelayFrames.rpc(relayId, rpc.method(), rpc.params()).toString()));
    }

    /** A hello: as an rpc, plus room for one more session on the socket; an answer that opens one registers it first. */
    void hello(ClientConnection client, ClientMessage.Hello hello) {
        admit(client, hello.id(), hello.machineId()).ifPresent(machine -> {
            if (!sessions.hasRoom(client)) {
                client.sendError(Optional.of(hello.id()), ErrorCode.RATE_LIMITED,
                        "this socket holds too many end-to-end sessions; reconnect to start afresh");
                return;
            }
            send(client, hello.id(), machine, SealedFrames.HELLO, new HelloAnswer(client, hello.id(), machine, hello.deviceId(), sessions),
                    relayId -> SealedFrames.hello(relayId, "", hello.deviceId(), hello.hello()).toString());
        });
    }

    /**
     * A sealed rpc: as an rpc (the helper checks the method it finds inside), in a session this
     * very socket opened, else {@code session_unknown}. Grants come first, so another account's
     * machine reads {@code not_found}, as for every request.
     */
    void sealed(ClientConnection client, ClientMessage.SealedRpc rpc) {
        admit(client, rpc.id(), rpc.machineId()).ifPresent(machine -> {
            if (!sessions.owns(client, new SessionRoutes.Key(machine, rpc.deviceId(), rpc.sessionId()))) {
                client.sendError(Optional.of(rpc.id()), ErrorCode.SESSION_UNKNOWN,
                        "this socket opened no such end-to-end session; handshake again");
                return;
            }
            // Written as text: a tree of the envelope and its writing cost more than the rest of the relay's routing.
            send(client, rpc.id(), machine, "sealed rpc", new ForBrowser(client, rpc.id(), true),
                    relayId -> SealedFrames.rpcText(relayId, "", rpc.deviceId(), rpc.sessionId(), rpc.sealed()));
        });
    }

    /** An introduction through the relay (adding a device later): the helper checks its proof. */
    void introduce(ClientConnection client, ClientMessage.Introduce introduce) {
        admit(client, introduce.id(), introduce.machineId()).ifPresent(machine -> send(client, introduce.id(), machine,
                SealedFrames.INTRODUCE, new ForBrowser(client, introduce.id(), false), relayId -> SealedFrames.introduce(relayId, "", E2eFields.json(introduce.introduction())).toString()));
    }

    /**
     * A request for an HTTP route, its caller already checked ({@link Relay#request}): the outcome
     * arrives as a {@code result}, the helper's {@code error}, or the relay's own failure
     * (offline, unavailable, timed out).
     *
     * @param frame the frame to send, given the relay id
     */
    CompletableFuture<RpcOutcome> request(MachineRef machine, String kind, Function<String, ObjectNode> frame) {
        var outcome = new CompletableFuture<RpcOutcome>();
        String relayId = pending.add(machine, new ForRoute(outcome));
        log.debug("{} {} to machine {} for a route", kind, relayId, machine.machineId());
        forward(machine, relayId, frame.apply(relayId).toString());
        return outcome;
    }

    /** A {@code result} or {@code error} frame from {@code machine}'s helper. */
    void answered(MachineRef machine, FrameEnvelope frame) {
        frame.id().ifPresent(relayId -> pending.answer(machine, relayId, frame));
    }

    /** The machine's helper went away: its requests will never be answered. */
    void machineOffline(MachineRef machine) {
        pending.failAll(machine, OFFLINE);
    }

    /** The browser's grant for the machine, answering its error when there is none. */
    private Optional<MachineRef> admit(ClientConnection client, String id, String machineId) {
        switch (grants.check(client, machineId)) {
            case NOT_FOUND -> client.sendError(Optional.of(id), ErrorCode.NOT_FOUND, "not found");
            case ACCESS_EXPIRED -> client.sendError(Optional.of(id), ACCESS_EXPIRED.code(), ACCESS_EXPIRED.message());
            case ALLOWED -> {
                return Optional.of(new MachineRef(client.accountId(), machineId));
            }
        }
        return Optional.empty();
    }

    /** Counts the request in flight, registers its waiter, then sends it. */
    private void send(ClientConnection client, String clientId, MachineRef machine, String kind, PendingRpcs.Waiter waiter,
            Function<String, String> frame) {
        if (!client.startRpc()) {
            client.sendError(Optional.of(clientId), ErrorCode.RATE_LIMITED, "too many requests in flight; wait for their answers");
            return;
        }
        String relayId = pending.add(machine, waiter);
        log.debug("{} {} to machine {}", kind, relayId, machine.machineId());
        forward(machine, relayId, frame.apply(relayId));
    }

    /** The request is registered before it is sent, so no answer can arrive ahead of its waiter. */
    private void forward(MachineRef machine, String relayId, String frame) {
        switch (bus.toAgent(machine, frame)) {
            case SENT -> { }
            case OFFLINE -> pending.fail(relayId, OFFLINE);
            case UNAVAILABLE -> pending.fail(relayId, UNAVAILABLE);
        }
    }

    /** @param sealed the answer is part of a session (never dropped from the browser's queue) */
    private record ForBrowser(ClientConnection client, String clientId, boolean sealed) implements PendingRpcs.Waiter {
        @Override
        public void answered(FrameEnvelope frame) {
            client.rpcSettled();
            // The browser's id in place of the relay's; the payload goes on as the helper wrote it.
            String text = frame.withId(clientId);
            client.send(sealed ? Outgoing.sealed(text) : Outgoing.text(text));
        }

        @Override
        public void failed(RpcError error) {
            client.rpcSettled();
            client.sendError(Optional.of(clientId), error.code(), error.message());
        }
    }

    /**
     * A hello's answer: a {@code result} naming a well-formed session is registered for the socket
     * before the browser reads it, so the sealed rpc it sends next finds its session.
     */
    private record HelloAnswer(ClientConnection client, String clientId, MachineRef machine, String deviceId, SessionRoutes sessions)
            implements PendingRpcs.Waiter {
        @Override
        public void answered(FrameEnvelope frame) {
            if (!"result".equals(frame.type())) {
                new ForBrowser(client, clientId, false).answered(frame);
                return;
            }
            client.rpcSettled();
            String sessionId = WireJson.mapper().readTree(frame.text()).path("result").path("sessionId").asString("");
            if (!E2eFields.sessionId(sessionId)) {
                log.debug("a hello answer from machine {} named no well-formed session", machine.machineId());
                client.sendError(Optional.of(clientId), ErrorCode.E2E_REFUSED, "the helper's answer named no session; handshake again");
                return;
            }
            switch (sessions.open(new SessionRoutes.Key(machine, deviceId, sessionId), client)) {
                case OPENED -> client.send(Outgoing.sealed(frame.withId(clientId)));
                case HELD_ELSEWHERE -> client.sendError(Optional.of(clientId), ErrorCode.SESSION_UNKNOWN,
                        "another socket holds this session; handshake again");
                case FULL -> client.sendError(Optional.of(clientId), ErrorCode.RATE_LIMITED,
                        "this socket holds too many end-to-end sessions; reconnect to start afresh");
                case SOCKET_GONE -> { }
            }
        }

        @Override
        public void failed(RpcError error) {
            new ForBrowser(client, clientId, false).failed(error);
        }
    }

    private record ForRoute(CompletableFuture<RpcOutcome> outcome) implements PendingRpcs.Waiter {
        @Override
        public void answered(FrameEnvelope frame) {
            JsonNode answer = WireJson.mapper().readTree(frame.text());
            if ("result".equals(frame.type())) {
                outcome.complete(new RpcOutcome.Result(answer.path("result")));
            } else {
                String code = answer.path("error").path("code").asString("");
                ErrorCode known = Arrays.stream(ErrorCode.values()).filter(c -> c.wire().equals(code)).findFirst().orElse(ErrorCode.INTERNAL);
                outcome.complete(new RpcOutcome.Failed(new RpcError(known, answer.path("error").path("message").asString("failed"))));
            }
        }

        @Override
        public void failed(RpcError error) {
            outcome.complete(new RpcOutcome.Failed(error));
        }
    }
}
