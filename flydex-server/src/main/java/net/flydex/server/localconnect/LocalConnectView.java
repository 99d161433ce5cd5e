package net.flydex.server.localconnect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.flydex.protocol.LocalConnectStatus;

/**
 * A local connect as its browser sees it ({@code GET /api/local-connect/{id}}). The machine fields
 * appear once a helper registered; the browser compares {@code machineKeyFingerprint} with the
 * helper's {@code /v1/health} before it finalizes.
 */
public record LocalConnectView(String id, LocalConnectStatus status, Optional<String> machineId,
        Optional<String> machineKeyFingerprint, boolean finalized, Instant createdAt, Instant expiresAt,
        List<StatusEntry> history) {

    public LocalConnectView {
        history = List.copyOf(history);
    }
}
