package net.flydex.server.billing;

import java.util.Optional;

/**
 * What each handled Stripe event means for an account's billing. Events may come in any order:
 * {@link StatusReport#version()} keeps an older report from undoing a newer one, and links
 * (customer, subscription) are facts that never go stale.
 */
final class BillingEvents {
    private static final String[] SUBSCRIPTION_ITEMS = {"items", "data"};
    private static final String[] INVOICE_LINES = {"lines", "data"};

    private BillingEvents() {}

    /** Applies the event; the account whose status it changed, if any. Unknown types change nothing. */
    static Optional<String> apply(BillingStore.Tx tx, StripeEvent event) {
        return switch (event.type()) {
            case "checkout.session.completed" -> checkoutCompleted(tx, event);
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" ->
                    subscriptionChanged(tx, event);
            case "invoice.paid" -> invoiceSettled(tx, event, "active", false);
            case "invoice.payment_failed" -> invoiceSettled(tx, event, Access.PAST_DUE, true);
            default -> Optional.empty();
        };
    }

    /** Checkout names the account it was opened for; only a paid session grants access. */
    private static Optional<String> checkoutCompleted(BillingStore.Tx tx, StripeEvent event) {
        Optional<String> account = event.id("client_reference_id").filter(tx::ensureAccount);
        account.ifPresent(a -> event.id("customer").ifPresent(c -> tx.linkCustomer(a, c)));
        boolean paid = event.word("payment_status").filter("paid"::equals).isPresent();
        if (!paid) {
            return Optional.empty();
        }
        var report = new StatusReport("active", event.id("subscription"), Optional.empty(), event.created(), false);
        return account.filter(a -> tx.apply(a, report));
    }

    private static Optional<String> subscriptionChanged(BillingStore.Tx tx, StripeEvent event) {
        Optional<String> customer = event.id("customer");
        Optional<String> account = StripeEvent.firstOf(event.id("metadata", "flydexAccountId").filter(tx::ensureAccount),
                customer.flatMap(tx::accountOfCustomer));
        Optional<String> status = event.word("status");
        if (account.isEmpty() || status.isEmpty()) {
            return Optional.empty();
        }
        customer.ifPresent(c -> tx.linkCustomer(account.get(), c));
        // API versions before 2025-03-31 carry the period on the subscription, later ones on its items.
        var periodEnd = StripeEvent.firstOf(event.time("current_period_end"), event.latestIn(SUBSCRIPTION_ITEMS, "current_period_end"));
        var report = new StatusReport(status.get(), event.id("id"), periodEnd, event.created(), false);
        return account.filter(a -> tx.apply(a, report));
    }

    /** Renewal invoices: paid keeps access current, a failed payment starts the grace period. */
    private static Optional<String> invoiceSettled(BillingStore.Tx tx, StripeEvent event, String status, boolean onlyIfPaying) {
        // Older API versions name the subscription on the invoice, newer ones under parent.
        Optional<String> subscription = StripeEvent.firstOf(event.id("subscription"),
                event.id("parent", "subscription_details", "subscription"));
        Optional<String> account = event.id("customer").flatMap(tx::accountOfCustomer);
        if (subscription.isEmpty() || account.isEmpty()) {
            return Optional.empty();
        }
        var periodEnd = onlyIfPaying ? Optional.<java.time.Instant>empty() : event.latestIn(INVOICE_LINES, "period", "end");
        var report = new StatusReport(status, subscription, periodEnd, event.created(), onlyIfPaying);
        return account.filter(a -> tx.apply(a, report));
    }
}
