package net.flydex.server.pairing;

import java.time.Instant;
import java.util.Optional;

/**
 * A claim as stored: what the desktop said about itself, where it asked from, and the one
 * decision taken on it. Holds no secret (only hashes are stored, and they stay in the database).
 *
 * @param status as stored: pending, approved or denied; expiry follows from the clock
 * @param accountId the account that approved or denied it
 */
public record PairingClaim(String id, String machineName, String platform, String requestedFrom, Instant createdAt,
        Instant expiresAt, ClaimStatus status, Optional<String> accountId, Optional<Instant> decidedAt,
        boolean sessionIssued) {

    /** Still waiting for its decision at {@code now}. */
    public boolean pendingAt(Instant now) {
        return status == ClaimStatus.PENDING && now.isBefore(expiresAt);
    }
}
