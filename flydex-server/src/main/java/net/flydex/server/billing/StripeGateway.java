package net.flydex.server.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The calls FlyDex makes to Stripe's API, through one client per node. */
final class StripeGateway {
    private static final Logger log = LoggerFactory.getLogger(StripeGateway.class);
    /** Retries reuse the request's idempotency key, so a retried create never creates twice. */
    private static final int NETWORK_RETRIES = 2;
    static final String ACCOUNT_METADATA = "flydexAccountId";

    private final StripeClient client;
    private final String priceId;

    StripeGateway(StripeSettings settings) {
        this.client = StripeClient.builder()
                .setApiKey(settings.apiKey())
                .setApiBase(settings.apiBase().toString().replaceAll("/+$", ""))
                .setMaxNetworkRetries(NETWORK_RETRIES)
                .build();
        this.priceId = settings.priceId();
    }

    /** Answers the customer id; the key makes a repeated call (within Stripe's 24 hours) the same customer. */
    String createCustomer(String accountId, String email) {
        var params = CustomerCreateParams.builder().setEmail(email).putMetadata(ACCOUNT_METADATA, accountId).build();
        return call("create a customer", () -> client.v1().customers().create(params, idempotent("flydex-customer-" + accountId)).getId());
    }

    /** A subscription Checkout session for the price, quantity one; answers its URL. */
    String checkoutUrl(String accountId, String customerId, String successUrl, String cancelUrl, String idempotencyKey) {
        var params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
                .setCustomer(customerId)
                .setClientReferenceId(accountId)
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putMetadata(ACCOUNT_METADATA, accountId).build())
                .setSuccessUrl(successUrl)
                .setCancelUrl(cancelUrl)
                .build();
        return call("create a Checkout session", () -> client.v1().checkout().sessions().create(params, idempotent(idempotencyKey)).getUrl());
    }

    /** A customer-portal session (payment method, invoices, cancellation); answers its URL. */
    String portalUrl(String customerId, String returnUrl) {
        var params = com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customerId).setReturnUrl(returnUrl).build();
        return call("open the customer portal", () -> client.v1().billingPortal().sessions().create(params).getUrl());
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static <T> T call(String what, StripeCall<T> call) {
        try {
            return call.run();
        } catch (StripeException e) {
            // Stripe's message names the problem (an unknown price, a bad key) and never a secret.
            log.warn("Stripe refused to {}: {} (request {})", what, e.getMessage(), e.getRequestId());
            throw new ApiException(502, ErrorCode.INTERNAL, "the payment provider could not " + what + "; try again");
        }
    }
}
