package net.flydex.server.accounts;

import java.time.Instant;

/**
 * A live session as the account page lists it: no secrets, only when it began and ends and a
 * coarse name of the device it was signed in from ({@link DeviceLabel}).
 */
public record SessionInfo(String id, Instant createdAt, Instant expiresAt, String device) {}
