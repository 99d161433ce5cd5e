package net.flydex.server.relay;

import java.time.Clock;
import java.util.Optional;
import net.flydex.server.accounts.Accounts;
import net.flydex.server.billing.Access;
import net.flydex.server.billing.BillingStore;

/**
 * An account's access now, by the one rule in {@link Access}: trial, paid (active), past due
 * within the grace period, or expired. The relay refuses RPCs when it is expired; {@code /api/me}
 * reports it.
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

    public boolean mayUseMachines(String accountId) {
        return access(accountId).map(Access::mayUseMachines).orElse(false);
    }
}
