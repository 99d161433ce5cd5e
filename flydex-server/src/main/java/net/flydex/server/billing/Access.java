package net.flydex.server.billing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import net.flydex.server.accounts.Account;

/**
 * The one access rule, for {@code /api/me} and the relay alike: paid access as Stripe last
 * reported it, else the account's one trial, else expired.
 *
 * @param paidUntil the end of the period Stripe reported as paid for, if any
 */
public record Access(AccessState state, Instant trialEndsAt, Optional<Instant> paidUntil) {
    /**
     * How long access outlives a failed renewal (Stripe retries the card meanwhile, and the portal
     * lets the customer fix it) and a period end whose renewal Stripe has not reported yet (a
     * delayed webhook must not cut off a paying customer).
     */
    public static final Duration GRACE = Duration.ofDays(3);

    /** Stripe subscription statuses that mean "paid up". */
    private static final Set<String> PAID = Set.of("active", "trialing");
    static final String PAST_DUE = "past_due";

    public static Access of(Account account, BillingState billing, Instant now) {
        return new Access(paidState(billing, now).orElse(now.isBefore(account.trialEndsAt()) ? AccessState.TRIAL : AccessState.EXPIRED),
                account.trialEndsAt(), billing.periodEnd());
    }

    public boolean mayUseMachines() {
        return state != AccessState.EXPIRED;
    }

    /**
     * The instant from which {@link #of}{@code (account, billing, now).mayUseMachines()} is false,
     * for as long as these rows stay as they are: every way in (trial, paid period, past-due
     * grace) ends at a fixed instant, and the clock alone never grants access back. This is what
     * lets the relay check access once per connection and then only compare the clock
     * ({@code AccessTest} holds it to {@link #of} at every boundary).
     */
    public static Instant usableUntil(Account account, BillingState billing) {
        Instant until = account.trialEndsAt();
        String status = billing.status().orElse("");
        Optional<Instant> paidAccessEnds = PAID.contains(status)
                ? Optional.of(billing.periodEnd().map(end -> end.plus(GRACE)).orElse(Instant.MAX))
                : PAST_DUE.equals(status) ? billing.pastDueSince().map(since -> since.plus(GRACE)) : Optional.empty();
        return paidAccessEnds.filter(until::isBefore).orElse(until);
    }

    private static Optional<AccessState> paidState(BillingState billing, Instant now) {
        String status = billing.status().orElse("");
        if (PAID.contains(status)) {
            boolean renewalOverdue = billing.periodEnd().map(end -> !now.isBefore(end.plus(GRACE))).orElse(false);
            return renewalOverdue ? Optional.empty() : Optional.of(AccessState.ACTIVE);
        }
        if (PAST_DUE.equals(status)) {
            return billing.pastDueSince().filter(since -> now.isBefore(since.plus(GRACE))).map(since -> AccessState.PAST_DUE);
        }
        return Optional.empty();
    }
}
