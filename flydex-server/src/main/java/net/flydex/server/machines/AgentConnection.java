package net.flydex.server.machines;

import net.flydex.protocol.CodexStatus;

/**
 * One authenticated helper connection: the only way to reach a machine. Obtained from
 * {@link AgentConnections#find}, which has already checked the machine belongs to the account.
 */
public final class AgentConnection {
    /** The socket under a connection; the WebSocket endpoint adapts Jetty's, tests use fakes. */
    public interface Socket {
        /** Queues one text frame; failures surface as the socket closing. */
        void send(String text);

        void close(int code, String reason);
    }

    private final String accountId;
    private final String machineId;
    private final Socket socket;
    private volatile CodexStatus codexStatus;

    public AgentConnection(String accountId, String machineId, CodexStatus codexStatus, Socket socket) {
        this.accountId = accountId;
        this.machineId = machineId;
        this.codexStatus = codexStatus;
        this.socket = socket;
    }

    public String accountId() {
        return accountId;
    }

    public String machineId() {
        return machineId;
    }

    /** What the helper last said about its Codex. */
    public CodexStatus codexStatus() {
        return codexStatus;
    }

    void codexStatus(CodexStatus status) {
        this.codexStatus = status;
    }

    /** Sends one JSON text frame to the helper (at most {@code Limits.MAX_FRAME_BYTES}, or the helper closes). */
    public void send(String text) {
        socket.send(text);
    }

    void close(int code, String reason) {
        socket.close(code, reason);
    }
}
