package net.flydex.server.relay;

import java.util.Optional;
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

    private final String id;
    private final AuthSession session;
    private final OutboundQueue outbound;
    private final AtomicInteger rpcsInFlight = new AtomicInteger();

    ClientConnection(String id, AuthSession session, OutboundQueue.Sink sink) {
        this.id = id;
        this.session = session;
        this.outbound = OutboundQueue.start(sink, id);
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
        ObjectNode frame = RelayFrames.error(id.orElse(""), new RpcError(code, message));
        if (id.isEmpty()) {
            frame.putNull("id");
        }
        send(frame);
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
