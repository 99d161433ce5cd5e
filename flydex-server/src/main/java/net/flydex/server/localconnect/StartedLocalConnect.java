package net.flydex.server.localconnect;

import java.time.Instant;
import net.flydex.protocol.LocalConnectStatus;

/** The answer to {@code POST /api/local-connect/start}: the only time the connect token is shown. */
public record StartedLocalConnect(String id, String connectToken, Instant expiresAt, LocalConnectStatus status) {}
