package net.flydex.server.accounts;

import java.time.Instant;

/** A live session as the account page lists it: no secrets, only when it began and ends. */
public record SessionInfo(String id, Instant createdAt, Instant expiresAt) {}
