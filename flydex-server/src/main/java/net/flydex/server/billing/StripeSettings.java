package net.flydex.server.billing;

import java.net.URI;
import java.util.Objects;

/**
 * How this node talks to Stripe: all or nothing, so a half-configured node cannot take a payment
 * it then fails to hear about. Secrets never reach logs: {@link #toString()} names no values.
 *
 * @param apiKey the secret key ({@code sk_…}) the Stripe client authenticates with
 * @param priceId the recurring $10/month USD price every Checkout session sells
 * @param webhookSecret the endpoint's signing secret ({@code whsec_…}) webhook signatures are checked against
 * @param apiBase Stripe's API; tests point it at a local fake
 */
public record StripeSettings(String apiKey, String priceId, String webhookSecret, URI apiBase) {
    public StripeSettings {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(priceId, "priceId");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        Objects.requireNonNull(apiBase, "apiBase");
    }

    @Override
    public String toString() {
        return "StripeSettings[priceId=" + priceId + ", apiBase=" + apiBase + "]";
    }
}
