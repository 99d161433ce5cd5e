package net.flydex.server.billing;

import java.time.Instant;
import java.util.Optional;

/**
 * One thing Stripe said about an account's subscription, at Stripe's event time.
 *
 * @param subscriptionId the subscription it is about, when the event names one
 * @param onlyIfPaying applies only to an account whose subscription is currently live (a failed
 *     first payment must not open a grace period for someone who never paid)
 */
record StatusReport(String status, Optional<String> subscriptionId, Optional<Instant> periodEnd, Instant at, boolean onlyIfPaying) {
    private static final int LIFECYCLE_STEPS = 4;

    /**
     * Orders reports: Stripe's event time (whole seconds), then the status's place in the
     * subscription lifecycle, so same-second events (Checkout fires several) settle on the later
     * state whatever order they arrive in.
     */
    long version() {
        return at.getEpochSecond() * LIFECYCLE_STEPS + lifecycleStep();
    }

    private int lifecycleStep() {
        return switch (status) {
            case "incomplete" -> 0;
            case "unpaid" -> 2;
            case "canceled", "incomplete_expired" -> 3;
            default -> 1;
        };
    }
}
