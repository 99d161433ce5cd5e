package net.flydex.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.flydex.server.accounts.Account;
import net.flydex.server.accounts.Accounts;
import org.junit.jupiter.api.Test;

class AccessTest {
    private static final Instant SIGNUP = Instant.parse("2026-01-01T00:00:00Z");
    private static final Account ACCOUNT = new Account("acc_1", "ada@example.com", SIGNUP, SIGNUP.plus(Accounts.TRIAL));
    private static final Instant AFTER_TRIAL = SIGNUP.plus(Accounts.TRIAL).plusSeconds(1);

    @Test
    void theTrialRunsSeventyTwoHoursFromSignupThenExpires() {
        assertThat(Access.of(ACCOUNT, BillingState.NONE, SIGNUP).state()).isEqualTo(AccessState.TRIAL);
        assertThat(Access.of(ACCOUNT, BillingState.NONE, SIGNUP.plus(Duration.ofHours(72)).minusMillis(1)).state()).isEqualTo(AccessState.TRIAL);
        Access after = Access.of(ACCOUNT, BillingState.NONE, SIGNUP.plus(Duration.ofHours(72)));
        assertThat(after.state()).isEqualTo(AccessState.EXPIRED);
        assertThat(after.mayUseMachines()).isFalse();
    }

    @Test
    void anActiveSubscriptionGrantsAccessUntilGraceAfterItsPeriodEnd() {
        Instant periodEnd = AFTER_TRIAL.plus(Duration.ofDays(30));
        var paid = billing("active", Optional.of(periodEnd), Optional.empty());
        assertThat(Access.of(ACCOUNT, paid, AFTER_TRIAL).state()).isEqualTo(AccessState.ACTIVE);
        assertThat(Access.of(ACCOUNT, paid, AFTER_TRIAL).paidUntil()).contains(periodEnd);
        assertThat(Access.of(ACCOUNT, paid, periodEnd.plus(Access.GRACE).minusSeconds(1)).state()).isEqualTo(AccessState.ACTIVE);
        assertThat(Access.of(ACCOUNT, paid, periodEnd.plus(Access.GRACE)).state()).isEqualTo(AccessState.EXPIRED);
        assertThat(Access.of(ACCOUNT, billing("active", Optional.empty(), Optional.empty()), AFTER_TRIAL).state())
                .as("checkout completed before the subscription's period is known").isEqualTo(AccessState.ACTIVE);
    }

    @Test
    void pastDueKeepsAccessForTheGracePeriodFromTheFirstFailure() {
        var pastDue = billing("past_due", Optional.empty(), Optional.of(AFTER_TRIAL));
        assertThat(Access.of(ACCOUNT, pastDue, AFTER_TRIAL.plus(Access.GRACE).minusSeconds(1)).state()).isEqualTo(AccessState.PAST_DUE);
        assertThat(Access.of(ACCOUNT, pastDue, AFTER_TRIAL.plus(Access.GRACE)).state()).isEqualTo(AccessState.EXPIRED);
    }

    @Test
    void canceledOrUnfinishedSubscriptionsFallBackToTheTrial() {
        for (String status : new String[] {"canceled", "incomplete", "incomplete_expired", "unpaid", "paused"}) {
            var state = billing(status, Optional.of(AFTER_TRIAL.plus(Duration.ofDays(20))), Optional.empty());
            assertThat(Access.of(ACCOUNT, state, SIGNUP).state()).as(status).isEqualTo(AccessState.TRIAL);
            assertThat(Access.of(ACCOUNT, state, AFTER_TRIAL).state()).as(status).isEqualTo(AccessState.EXPIRED);
        }
    }

    @Test
    void usableUntilIsExactlyWhereTheRuleStopsGrantingAccessForEveryKindOfBilling() {
        Instant periodEnd = AFTER_TRIAL.plus(Duration.ofDays(30));
        var states = new java.util.ArrayList<BillingState>(java.util.List.of(BillingState.NONE));
        for (String status : new String[] {"active", "trialing", "past_due", "canceled", "unpaid"}) {
            for (Optional<Instant> end : java.util.List.of(Optional.<Instant>empty(), Optional.of(periodEnd), Optional.of(SIGNUP))) {
                for (Optional<Instant> since : java.util.List.of(Optional.<Instant>empty(), Optional.of(AFTER_TRIAL), Optional.of(SIGNUP))) {
                    states.add(billing(status, end, since));
                }
            }
        }
        for (BillingState state : states) {
            Instant until = Access.usableUntil(ACCOUNT, state);
            for (Instant now = SIGNUP.minus(Duration.ofDays(1)); now.isBefore(periodEnd.plus(Duration.ofDays(10))); now = now.plus(Duration.ofHours(1))) {
                assertThat(now.isBefore(until)).as(state + " at " + now).isEqualTo(Access.of(ACCOUNT, state, now).mayUseMachines());
            }
            if (!until.equals(Instant.MAX)) {
                assertThat(Access.of(ACCOUNT, state, until.minusMillis(1)).mayUseMachines()).as(state + " just before").isTrue();
                assertThat(Access.of(ACCOUNT, state, until).mayUseMachines()).as(state + " at the instant").isFalse();
            }
        }
    }

    private static BillingState billing(String status, Optional<Instant> periodEnd, Optional<Instant> pastDueSince) {
        return new BillingState(Optional.of("cus_1"), Optional.of("sub_1"), Optional.of(status), periodEnd, pastDueSince);
    }
}
