package net.flydex.server.billing;

import java.time.Instant;
import java.util.Optional;

/**
 * An account's billing as stored: Stripe ids and what Stripe last reported, nothing else (no card
 * data ever reaches FlyDex).
 *
 * @param status Stripe's subscription status, verbatim
 * @param pastDueSince when a renewal payment first failed; the grace period runs from it
 */
public record BillingState(Optional<String> customerId, Optional<String> subscriptionId, Optional<String> status,
        Optional<Instant> periodEnd, Optional<Instant> pastDueSince) {

    public static final BillingState NONE =
            new BillingState(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
