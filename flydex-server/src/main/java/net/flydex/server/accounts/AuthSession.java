package net.flydex.server.accounts;

import java.time.Instant;

/** The signed-in caller of a request: which session, which account. */
public record AuthSession(String sessionId, String accountId, Instant expiresAt) {}
