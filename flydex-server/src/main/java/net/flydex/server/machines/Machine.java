package net.flydex.server.machines;

import java.time.Instant;
import java.util.Optional;
import net.flydex.protocol.CodexStatus;

/**
 * A machine of an account, as its owner sees it.
 *
 * @param lastSeenAt when this helper was last heard from (hello, status, disconnect); empty before its first connection
 * @param codexStatus what the helper last reported; empty before its first connection
 * @param e2eKey the helper's end-to-end public key as it last reported it (base64url), "" until it did
 */
public record Machine(String id, String name, String platform, String helperVersion, String keyFingerprint, Instant createdAt,
        Optional<Instant> lastSeenAt, Optional<CodexStatus> codexStatus, String e2eKey) {}
