package net.flydex.server.localconnect;

import java.time.Instant;
import java.util.Optional;
import net.flydex.protocol.LocalConnectStatus;

/** One step of a local connect's history; {@code detail} is the helper's reason, for failures. */
public record StatusEntry(LocalConnectStatus status, Instant at, Optional<String> detail) {}
