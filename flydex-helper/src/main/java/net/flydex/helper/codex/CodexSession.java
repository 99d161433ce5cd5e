package net.flydex.helper.codex;

import java.util.Optional;

/**
 * One initialized connection to a Codex app-server.
 *
 * @param pid the private app-server's process id (empty in attach mode: the daemon is not ours)
 */
public record CodexSession(JsonRpcConnection rpc, CodexMode mode, String codexVersion, Optional<Long> pid) {}
