package net.flydex.server.relay;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.server.accounts.AuthSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One browser's {@code /ws/client} socket: whose it is, and its outbound queue, the only way frames reach it. */
final class ClientConnection {
    /** A browser has a few requests in flight; more is a runaway loop, refused rather than queued. */
    static final int MAX_RPCS_IN_FLIGHT = 64;
    /** An account has a handful of machines; a browser naming more than this many is not using the relay as meant. */
    static final int MAX_GRANTS = 32;

    private final String id;
    private final AuthSession session;
    private final OutboundQueue outbound;
    private final Consumer<ErrorCode> errors;
    private final AtomicInteger rpcsInFlight = new AtomicInteger();
    /** Machines this browser sent rpcs to ({@link Grants}); made on the first rpc, so an idle socket pays nothing. */
    private volatile Map<String, Grants.Grant> grants;

    /** @param errors counts every error this connection answers its browser with (a metric) */
    ClientConnection(String id, AuthSession session, OutboundQueue.Sink sink, Consumer<ErrorCode> errors) {
        this.id = id;
        this.session = session;
        this.outbound = new OutboundQueue(sink);
        this.errors = errors;
    }

    String id() {
        return id;
    }

    AuthSession session() {
        return session;
    }

    String accountId() {
        return session.accountId();
    }

    void send(Outgoing frame) {
        outbound.offer(frame);
    }

    void send(JsonNode frame) {
        send(Outgoing.of(frame));
    }

    /** An error answer; {@code id} is empty when the browser's frame had none that could be read ({@code "id":null}). */
    void sendError(Optional<String> id, ErrorCode code, String message) {
        errors.accept(code);
        ObjectNode frame = RelayFrames.error(id.orElse(""), new RpcError(code, message));
        if (id.isEmpty()) {
            frame.putNull("id");
        }
        send(frame);
    }

    /** The grant kept for {@code machineId}, or null when none was kept. */
    Grants.Grant grant(String machineId) {
        Map<String, Grants.Grant> kept = grants;
        return kept == null ? null : kept.get(machineId);
    }

    void keepGrant(String machineId, Grants.Grant grant) {
        Map<String, Grants.Grant> kept = grants;
        if (kept == null) {
            synchronized (this) {
                kept = grants;
                if (kept == null) {
                    kept = new ConcurrentHashMap<>();
                    grants = kept;
                }
            }
        }
        if (kept.size() >= MAX_GRANTS && !kept.containsKey(machineId)) {
            kept.clear(); // Looked up again when used: only time is lost, never a check.
        }
        kept.put(machineId, grant);
    }

    /** Counts an rpc in flight; false when this browser has too many already. */
    boolean startRpc() {
        if (rpcsInFlight.incrementAndGet() > MAX_RPCS_IN_FLIGHT) {
            rpcsInFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void rpcSettled() {
        rpcsInFlight.decrementAndGet();
    }

    boolean isOpen() {
        return outbound.isOpen();
    }

    void close(int code, String reason) {
        outbound.close(code, reason);
    }

    /** The socket closed: stop writing to it. */
    void closed() {
        outbound.stop();
    }
}
