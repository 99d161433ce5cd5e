package net.flydex.server.billing;

import java.util.Locale;

/** What {@code GET /api/me} reports as {@code access.state}. */
public enum AccessState {
    TRIAL,
    ACTIVE,
    /** A renewal payment failed; access continues through {@link Access#GRACE} while Stripe retries. */
    PAST_DUE,
    EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
