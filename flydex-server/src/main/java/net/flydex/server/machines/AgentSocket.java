package net.flydex.server.machines;

import io.javalin.websocket.WsContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code /ws/agent} socket. Its nonce answers exactly one hello - the first message, or the
 * hello timeout, whichever comes first, uses it up - and after a welcome it carries one machine.
 */
final class AgentSocket implements AgentConnection.Socket {
    private final WsContext ws;
    private final String id;
    private final String nonce;
    private final AtomicBoolean helloTaken = new AtomicBoolean();
    private volatile AgentConnection connection;

    AgentSocket(WsContext ws, String nonce) {
        this.ws = ws;
        this.id = ws.sessionId();
        this.nonce = nonce;
    }

    /** Javalin's id of the socket, unique per connection. */
    String id() {
        return id;
    }

    String nonce() {
        return nonce;
    }

    /** True once only: for the hello that may use this socket's nonce, or for the timeout. */
    boolean takeHello() {
        return helloTaken.compareAndSet(false, true);
    }

    void welcomed(AgentConnection accepted) {
        this.connection = accepted;
    }

    Optional<AgentConnection> connection() {
        return Optional.ofNullable(connection);
    }

    @Override
    public void send(String text) {
        ws.send(text);
    }

    @Override
    public void close(int code, String reason) {
        ws.closeSession(code, reason);
    }
}
