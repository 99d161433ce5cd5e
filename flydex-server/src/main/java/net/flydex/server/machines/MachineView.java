package net.flydex.server.machines;

import java.time.Instant;
import java.util.Optional;
import net.flydex.protocol.CodexStatus;

/**
 * A machine as {@code GET /api/machines} and {@code PATCH} answer it. {@code online} is whether
 * its helper is connected now; {@code lastSeenAt} and {@code codexStatus} are absent until its
 * first connection, and {@code codexStatus} is the last one reported while it is offline.
 */
public record MachineView(String id, String name, String platform, boolean online, Optional<Instant> lastSeenAt,
        Optional<CodexStatus> codexStatus, String helperVersion, String keyFingerprint, Instant createdAt) {

    static MachineView of(Machine machine, boolean online) {
        return new MachineView(machine.id(), machine.name(), machine.platform(), online, machine.lastSeenAt(),
                machine.codexStatus(), machine.helperVersion(), machine.keyFingerprint(), machine.createdAt());
    }
}
