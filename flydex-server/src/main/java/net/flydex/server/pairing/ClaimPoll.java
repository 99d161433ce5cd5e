package net.flydex.server.pairing;

import java.time.Instant;
import java.util.Optional;
import net.flydex.server.accounts.IssuedSession;

/** What a status poll found; {@code session} only on the one poll that signs the desktop in. */
public record ClaimPoll(ClaimStatus status, Instant expiresAt, Optional<IssuedSession> session) {}
