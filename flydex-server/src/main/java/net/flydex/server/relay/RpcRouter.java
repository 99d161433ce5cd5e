package net.flydex.server.relay;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.WireJson;
import net.flydex.server.machines.FrameEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Rpcs from browsers to helpers and their answers back. Towards the helper each rpc gets a relay
 * id of its own; the answer is mapped back to the browser's id, the only field rewritten. Logs
 * name methods and ids, never params or results.
 */
final class RpcRouter {
    private static final Logger log = LoggerFactory.getLogger(RpcRouter.class);
    private static final RpcError OFFLINE = new RpcError(ErrorCode.MACHINE_OFFLINE, "the machine is offline");
    private static final RpcError UNAVAILABLE = new RpcError(ErrorCode.RELAY_UNAVAILABLE,
            "the machine is connected to another FlyDex node that cannot be reached right now; try again shortly");
    static final RpcError ACCESS_EXPIRED = new RpcError(ErrorCode.ACCESS_EXPIRED, "the trial has ended; a subscription keeps FlyDex working");

    private final RelayBus bus;
    private final Grants grants;
    private final PendingRpcs pending = new PendingRpcs();

    RpcRouter(RelayBus bus, Grants grants) {
        this.bus = bus;
        this.grants = grants;
    }

    /** Checks in order - allowed method, the caller's active machine and access ({@link Grants}), room in flight - then forwards. */
    void call(ClientConnection client, ClientMessage.Rpc rpc) {
        Optional<String> id = Optional.of(rpc.id());
        if (!RpcMethods.isAllowed(rpc.method())) {
            client.sendError(id, ErrorCode.METHOD_NOT_ALLOWED, "this method is not available through FlyDex");
            return;
        }
        switch (grants.check(client, rpc.machineId())) {
            case NOT_FOUND -> {
                client.sendError(id, ErrorCode.NOT_FOUND, "not found");
                return;
            }
            case ACCESS_EXPIRED -> {
                client.sendError(id, ACCESS_EXPIRED.code(), ACCESS_EXPIRED.message());
                return;
            }
            case ALLOWED -> { }
        }
        if (!client.startRpc()) {
            client.sendError(id, ErrorCode.RATE_LIMITED, "too many requests in flight; wait for their answers");
            return;
        }
        var machine = new MachineRef(client.accountId(), rpc.machineId());
        String relayId = pending.add(machine, new ForBrowser(client, rpc.id()));
        log.debug("rpc {} {} to machine {}", relayId, rpc.method(), machine.machineId());
        forward(machine, relayId, rpc.method(), rpc.params());
    }

    /** The relay's own request; a failure is dropped, since the browser can always ask itself. */
    void ask(MachineRef machine, String method, Consumer<JsonNode> onResult) {
        String relayId = pending.add(machine, new ForRelay(onResult));
        forward(machine, relayId, method, WireJson.mapper().createObjectNode());
    }

    /**
     * An rpc for an HTTP route, its caller already checked ({@link Relay#request}): the outcome
     * arrives as a {@code result}, the helper's {@code error}, or the relay's own failure
     * (offline, unavailable, timed out).
     */
    CompletableFuture<RpcOutcome> request(MachineRef machine, String method, JsonNode params) {
        var outcome = new CompletableFuture<RpcOutcome>();
        String relayId = pending.add(machine, new ForRoute(outcome));
        log.debug("rpc {} {} to machine {} for a route", relayId, method, machine.machineId());
        forward(machine, relayId, method, params);
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

    /** The request is registered before it is sent, so no answer can arrive ahead of its waiter. */
    private void forward(MachineRef machine, String relayId, String method, JsonNode params) {
        switch (bus.toAgent(machine, RelayFrames.rpc(relayId, method, params).toString())) {
            case SENT -> { }
            case OFFLINE -> pending.fail(relayId, OFFLINE);
            case UNAVAILABLE -> pending.fail(relayId, UNAVAILABLE);
        }
    }

    private record ForBrowser(ClientConnection client, String clientId) implements PendingRpcs.Waiter {
        @Override
        public void answered(FrameEnvelope frame) {
            client.rpcSettled();
            // The browser's id in place of the relay's; the payload goes on as the helper wrote it.
            client.send(Outgoing.text(frame.withId(clientId)));
        }

        @Override
        public void failed(RpcError error) {
            client.rpcSettled();
            client.sendError(Optional.of(clientId), error.code(), error.message());
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
                ErrorCode known = java.util.Arrays.stream(ErrorCode.values()).filter(c -> c.wire().equals(code)).findFirst()
                        .orElse(ErrorCode.INTERNAL);
                outcome.complete(new RpcOutcome.Failed(new RpcError(known, answer.path("error").path("message").asString("failed"))));
            }
        }

        @Override
        public void failed(RpcError error) {
            outcome.complete(new RpcOutcome.Failed(error));
        }
    }

    private record ForRelay(Consumer<JsonNode> onResult) implements PendingRpcs.Waiter {
        @Override
        public void answered(FrameEnvelope frame) {
            if ("result".equals(frame.type())) {
                onResult.accept(WireJson.mapper().readTree(frame.text()).path("result"));
            }
        }

        @Override
        public void failed(RpcError error) {
            // Nothing to tell: the browser learns the machine is offline from presence.
        }
    }
}
