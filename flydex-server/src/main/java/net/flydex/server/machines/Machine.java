package net.flydex.server.machines;

import java.time.Instant;
import java.util.Optional;
import net.flydex.protocol.CodexStatus;

/**
 * A machine of an account, as its owner sees it.
 *
 * @param lastSeenAt when this helper was last heard from (hello, status, disconnect); empty before its first connection
 * @param codexStatus what the helper last reported; empty before its first connection
 */
public record Machine(String id, String name, String platform, String helperVersion, String keyFingerprint, Instant createdAt,
        Optional<Instant> lastSeenAt, Optional<CodexStatus> codexStatus) {}
