package net.flydex.helper.codex;

import java.io.IOException;

/** One JSON-RPC message stream to a Codex app-server. */
public sealed interface CodexTransport extends AutoCloseable permits StdioTransport, DaemonSocketTransport {

    /** Sends one JSON-RPC message; safe to call from several threads. */
    void send(String json) throws IOException;

    @Override
    void close();
}
