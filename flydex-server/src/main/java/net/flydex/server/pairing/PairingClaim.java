package net.flydex.server.pairing;

import java.time.Instant;
import java.util.Optional;
import net.flydex.protocol.e2e.Introduction;

/**
 * A claim as stored: what the desktop said about itself, where it asked from, and the one
 * decision taken on it. Holds no secret (only hashes are stored, and they stay in the database).
 *
 * @param status as stored: pending, approved or denied; expiry follows from the clock
 * @param accountId the account that approved or denied it
 * @param introduction the phone's end-to-end introduction sent with its approval, for the desktop
 *     to hand to its helper (public key, name and MAC: nothing secret)
 */
public record PairingClaim(String id, String machineName, String platform, String requestedFrom, Instant createdAt,
        Instant expiresAt, ClaimStatus status, Optional<String> accountId, Optional<Instant> decidedAt,
        boolean sessionIssued, Optional<Introduction> introduction) {

    /** Still waiting for its decision at {@code now}. */
    public boolean pendingAt(Instant now) {
        return status == ClaimStatus.PENDING && now.isBefore(expiresAt);
    }
}
