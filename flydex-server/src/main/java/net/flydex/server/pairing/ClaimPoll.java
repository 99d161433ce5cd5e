package net.flydex.server.pairing;

import java.time.Instant;
import java.util.Optional;
import net.flydex.protocol.e2e.Introduction;
import net.flydex.server.accounts.IssuedSession;

/**
 * What a status poll found; {@code session} only on the one poll that signs the desktop in,
 * {@code introduction} on every poll that reports the claim approved, when the phone sent one.
 */
public record ClaimPoll(ClaimStatus status, Instant expiresAt, Optional<IssuedSession> session, Optional<Introduction> introduction) {}
