package net.flydex.server.billing;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.accounts.Account;
import net.flydex.server.audit.AuditKind;
import net.flydex.server.audit.AuditLog;
import net.flydex.server.http.ApiException;

/** Billing on a node with Stripe configured: Checkout, the customer portal and webhooks. */
public final class Billing {
    /** How old a webhook signature may be (Stripe's own default): a captured request cannot be replayed later. */
    static final Duration SIGNATURE_TOLERANCE = Duration.ofMinutes(5);
    /** Repeated checkout requests within this window reuse one idempotency key, so a double click opens one session. */
    static final Duration CHECKOUT_DEDUPLICATION = Duration.ofMinutes(1);
    static final String BILLING_PAGE = "/account/billing";

    private final StripeGateway stripe;
    private final String webhookSecret;
    private final BillingStore store;
    private final AuditLog audit;
    private final String publicUrl;
    private final Clock clock;
    private final List<Consumer<String>> accessListeners = new CopyOnWriteArrayList<>();

    public Billing(StripeSettings settings, BillingStore store, AuditLog audit, String publicUrl, Clock clock) {
        this.stripe = new StripeGateway(settings);
        this.webhookSecret = settings.webhookSecret();
        this.store = store;
        this.audit = audit;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.clock = clock;
    }

    /** A Checkout URL for the monthly subscription, under the account's one Stripe customer. */
    public String checkout(Account account) {
        String customer = store.find(account.id()).customerId().orElseGet(() -> {
            String created = stripe.createCustomer(account.id(), account.email());
            return store.inTransaction(tx -> tx.ensureAccount(account.id()) ? tx.linkCustomer(account.id(), created) : Optional.<String>empty())
                    .orElseThrow(ApiException::unauthorized);
        });
        long window = clock.millis() / CHECKOUT_DEDUPLICATION.toMillis();
        String url = stripe.checkoutUrl(account.id(), customer, billingPage("?checkout=success"), billingPage("?checkout=cancel"),
                "flydex-checkout-" + account.id() + "-" + window);
        audit.record(AuditKind.BILLING_CHECKOUT, AuditLog.Ids.account(account.id()));
        return url;
    }

    /** A customer-portal URL; only an account that has been through Checkout has a customer to manage. */
    public String portal(String accountId) {
        String customer = store.find(accountId).customerId()
                .orElseThrow(() -> new ApiException(409, ErrorCode.CONFLICT, "there is no subscription to manage yet; subscribe first"));
        String url = stripe.portalUrl(customer, billingPage(""));
        audit.record(AuditKind.BILLING_PORTAL, AuditLog.Ids.account(accountId));
        return url;
    }

    /**
     * Called with an account's id once a webhook changed its billing status (stored and committed),
     * so whatever keeps the account's access ({@code relay.Grants}) looks again before the next use.
     */
    public void onAccessChanged(Consumer<String> listener) {
        accessListeners.add(listener);
    }

    /**
     * Verifies and applies one webhook delivery. A bad or stale signature, or a body that is not
     * an event, is a 400 that changes nothing; a duplicate is a no-op.
     */
    public void receiveWebhook(byte[] body, Optional<String> signature) {
        String payload = utf8(body);
        try {
            // The node's clock, not the system's, decides staleness: one notion of "now" everywhere.
            Webhook.Signature.verifyHeader(payload, signature.orElse(""), webhookSecret, SIGNATURE_TOLERANCE.toSeconds(), clock);
        } catch (SignatureVerificationException e) {
            audit.record(AuditKind.BILLING_WEBHOOK_REJECTED, AuditLog.Ids.none());
            throw ApiException.badRequest("the Stripe signature is missing, wrong or too old");
        }
        StripeEvent event = StripeEvent.parse(payload);
        store.inTransaction(tx -> tx.markProcessed(event.id(), event.type(), clock.instant())
                ? BillingEvents.apply(tx, event) : Optional.<String>empty())
                .ifPresent(account -> {
                    accessListeners.forEach(listener -> listener.accept(account));
                    audit.record(AuditKind.BILLING_STATUS_CHANGED, AuditLog.Ids.account(account));
                });
    }

    private String billingPage(String query) {
        return publicUrl + BILLING_PAGE + query;
    }

    /** Strict decoding: distinct byte strings must not become one signed text. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the body is not UTF-8");
        }
    }
}
