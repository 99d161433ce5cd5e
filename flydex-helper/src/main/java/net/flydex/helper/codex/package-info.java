/**
 * Talking to {@code codex app-server}: JSON-RPC ({@link net.flydex.helper.codex.JsonRpcConnection})
 * over one of two transports - WebSocket frames on the shared daemon's Unix control socket
 * ({@link net.flydex.helper.codex.DaemonSocketTransport}, attach mode) or newline-delimited JSON on
 * a private process's stdio ({@link net.flydex.helper.codex.StdioTransport}, private mode).
 * Nothing here knows about approvals or the relay; see {@code net.flydex.helper.bridge}.
 */
package net.flydex.helper.codex;
