package net.flydex.server.accounts;

import java.time.Instant;

public record Account(String id, String email, Instant createdAt, Instant trialEndsAt) {}
