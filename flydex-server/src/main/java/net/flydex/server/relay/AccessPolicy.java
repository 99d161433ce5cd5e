package net.flydex.server.relay;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import net.flydex.server.accounts.Accounts;
import net.flydex.server.billing.Access;
import net.flydex.server.billing.BillingStore;

/**
 * An account's access, by the one rule in {@link Access}: trial, paid (active), past due
 * within the grace period, or expired. {@code /api/me} reports it; the relay asks once when access
 * lapses ({@link #usableUntil}) and refuses rpcs from then on ({@link Grants}).
 */
public final class AccessPolicy {
    private final Accounts accounts;
    private final BillingStore billing;
    private final Clock clock;

    public AccessPolicy(Accounts accounts, BillingStore billing, Clock clock) {
        this.accounts = accounts;
        this.billing = billing;
        this.clock = clock;
    }

    public Optional<Access> access(String accountId) {
        return accounts.find(accountId).map(account -> Access.of(account, billing.find(accountId), clock.instant()));
    }

    /** When the account's access lapses if nothing changes ({@link Access#usableUntil}); {@link Instant#MIN} for no account. */
    Instant usableUntil(String accountId) {
        return accounts.find(accountId).map(account -> Access.usableUntil(account, billing.find(accountId))).orElse(Instant.MIN);
    }

    /** Whether access that lapses at {@code usableUntil} is still in force now. */
    boolean inForce(Instant usableUntil) {
        return clock.instant().isBefore(usableUntil);
    }
}
