package net.flydex.server.accounts;

import java.time.Instant;

/** A session's fresh secrets, handed to the client once and stored only as hashes. */
public record IssuedSession(String sessionId, String accountId, String sessionToken, String refreshToken, Instant expiresAt) {}
