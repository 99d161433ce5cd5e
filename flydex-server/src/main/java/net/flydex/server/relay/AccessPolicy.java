package net.flydex.server.relay;

import java.time.Clock;
import net.flydex.server.accounts.Accounts;

/**
 * Whether an account may steer its machines now: during its trial (until {@code trialEndsAt},
 * exclusive). The one place the rule lives, so billing extends it with paid access.
 */
public final class AccessPolicy {
    private final Accounts accounts;
    private final Clock clock;

    public AccessPolicy(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    public boolean mayUseMachines(String accountId) {
        return accounts.find(accountId).map(account -> clock.instant().isBefore(account.trialEndsAt())).orElse(false);
    }
}
