package net.flydex.server.machines;

import java.time.Instant;
import java.util.Optional;
import net.flydex.protocol.CodexStatus;

/**
 * A machine as {@code GET /api/machines} and {@code PATCH} answer it. {@code online} is whether
 * its helper is connected now; {@code lastSeenAt} and {@code codexStatus} are absent until its
 * first connection, and {@code codexStatus} is the last one reported while it is offline.
 * {@code e2eKey} is the helper's end-to-end public key as it reported it, "" until it did: routing
 * help for a phone matching a QR offer to a machine, never a key to pin (docs/e2e.md).
 */
public record MachineView(String id, String name, String platform, boolean online, Optional<Instant> lastSeenAt,
        Optional<CodexStatus> codexStatus, String helperVersion, String keyFingerprint, Instant createdAt, String e2eKey) {

    static MachineView of(Machine machine, boolean online) {
        return new MachineView(machine.id(), machine.name(), machine.platform(), online, machine.lastSeenAt(),
                machine.codexStatus(), machine.helperVersion(), machine.keyFingerprint(), machine.createdAt(), machine.e2eKey());
    }
}
