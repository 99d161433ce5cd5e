package net.flydex.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.flydex.server.accounts.Accounts;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class WebhookTest {
    private static final String CUSTOMER = "cus_test_1";
    private static final String SUBSCRIPTION = "sub_test_1";

    private FakeStripe stripe;
    private ServerHarness harness;
    private StripeWebhooks webhooks;
    private ApiClient ada;
    private String adaId;

    /** Ada has signed up and opened Checkout once (so her Stripe customer exists); her trial is over. */
    private void start(Backend backend) throws Exception {
        stripe = new FakeStripe();
        harness = ServerHarness.withStripe(backend, stripe.settings());
        webhooks = new StripeWebhooks(harness.url(), harness.clock);
        ada = harness.signedUpBrowser("ada@example.com");
        adaId = ada.get("/api/me").body().path("account").path("id").asString();
        assertThat(ada.post("/api/billing/checkout", Map.of()).status()).isEqualTo(200);
        harness.clock.advance(Accounts.TRIAL);
        assertThat(state()).isEqualTo("expired");
    }

    @AfterEach
    void stop() {
        harness.close();
        stripe.close();
    }

    @Test
    void aPaidCheckoutMakesTheAccountActiveAndSubscriptionEventsKeepThePeriodCurrent() throws Exception {
        start(Backend.SQLITE);
        assertThat(webhooks.deliver(checkoutCompleted("evt_1", "unpaid"))).isEqualTo(200);
        assertThat(state()).as("not paid yet").isEqualTo("expired");

        assertThat(webhooks.deliver(checkoutCompleted("evt_2", "paid"))).isEqualTo(200);
        assertThat(state()).isEqualTo("active");

        // An older API version: the period end on the subscription itself, not on its items.
        // A period about to end, so the test stays within the browser session's 14-day window.
        Instant periodEnd = now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var legacy = subscriptionObject("active", periodEnd);
        legacy.remove("items");
        legacy.put("current_period_end", periodEnd.getEpochSecond());
        assertThat(webhooks.deliver(webhooks.event("evt_3", "customer.subscription.created", legacy))).isEqualTo(200);
        assertThat(access().path("paidUntil").asString()).isEqualTo(periodEnd.toString());

        harness.clock.advance(Duration.ofDays(1).plus(Access.GRACE));
        assertThat(state()).as("no renewal reported within the grace period").isEqualTo("expired");
        Instant nextEnd = periodEnd.plus(Duration.ofDays(30));
        assertThat(webhooks.deliver(invoice("evt_4", "invoice.paid", nextEnd))).isEqualTo(200);
        assertThat(state()).isEqualTo("active");
        assertThat(access().path("paidUntil").asString()).isEqualTo(nextEnd.toString());
    }

    @Test
    void aFailedPaymentIsPastDueThenExpiredAfterTheGracePeriodAndAPaymentRestoresAccess() throws Exception {
        start(Backend.SQLITE);
        webhooks.deliver(subscription("evt_1", "customer.subscription.created", "active"));
        assertThat(state()).isEqualTo("active");

        assertThat(webhooks.deliver(invoice("evt_2", "invoice.payment_failed", now()))).isEqualTo(200);
        assertThat(state()).isEqualTo("past_due");
        harness.clock.advance(Access.GRACE.minusMinutes(1));
        webhooks.deliver(subscription("evt_3", "customer.subscription.updated", "past_due"));
        assertThat(state()).as("a later past_due report does not restart the grace period").isEqualTo("past_due");
        harness.clock.advance(Duration.ofMinutes(1));
        assertThat(state()).isEqualTo("expired");

        webhooks.deliver(invoice("evt_4", "invoice.paid", now().plus(Duration.ofDays(30))));
        assertThat(state()).isEqualTo("active");
    }

    @Test
    void cancellationEndsPaidAccess() throws Exception {
        start(Backend.SQLITE);
        webhooks.deliver(subscription("evt_1", "customer.subscription.created", "active"));
        harness.clock.advance(Duration.ofSeconds(5));
        assertThat(webhooks.deliver(subscription("evt_2", "customer.subscription.deleted", "canceled"))).isEqualTo(200);
        assertThat(state()).isEqualTo("expired");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void duplicateAndOutOfOrderEventsNeverUndoALaterState(Backend backend) throws Exception {
        start(backend);
        String created = subscription("evt_created", "customer.subscription.created", "active");
        harness.clock.advance(Duration.ofSeconds(10));
        String pastDue = subscription("evt_past_due", "customer.subscription.updated", "past_due");
        harness.clock.advance(Duration.ofSeconds(10));
        String canceled = subscription("evt_canceled", "customer.subscription.deleted", "canceled");

        assertThat(webhooks.deliver(pastDue)).isEqualTo(200);
        assertThat(webhooks.deliver(created)).isEqualTo(200);
        assertThat(state()).as("the older 'active' arrived late").isEqualTo("past_due");
        assertThat(webhooks.deliver(canceled)).isEqualTo(200);
        assertThat(webhooks.deliver(pastDue)).as("a retry is acknowledged").isEqualTo(200);
        assertThat(webhooks.deliver(checkoutCompleted("evt_checkout_late", "paid"))).isEqualTo(200);
        assertThat(state()).isEqualTo("expired");
        assertThat(eventsStored()).isEqualTo(4);
    }

    @Test
    void sameSecondCheckoutEventsSettleOnTheLaterLifecycleStateInAnyOrder() throws Exception {
        start(Backend.SQLITE);
        webhooks.deliver(subscription("evt_2", "customer.subscription.updated", "active"));
        webhooks.deliver(subscription("evt_1", "customer.subscription.created", "incomplete"));
        assertThat(state()).isEqualTo("active");
    }

    @Test
    void badStaleOrMissingSignaturesAreRefusedAndChangeNothing() throws Exception {
        start(Backend.SQLITE);
        String paid = checkoutCompleted("evt_1", "paid");
        long now = now().getEpochSecond();

        assertThat(webhooks.send(paid, StripeWebhooks.signature(paid, now, "whsec_someone_else"))).isEqualTo(400);
        assertThat(webhooks.send(paid, StripeWebhooks.signature(paid, now - Billing.SIGNATURE_TOLERANCE.toSeconds() - 1,
                FakeStripe.WEBHOOK_SECRET))).isEqualTo(400);
        assertThat(webhooks.send(paid, "")).isEqualTo(400);
        assertThat(webhooks.send(paid.replace("\"paid\"", "\"paid\" "), StripeWebhooks.signature(paid, now, FakeStripe.WEBHOOK_SECRET)))
                .as("a body changed after signing").isEqualTo(400);
        assertThat(state()).isEqualTo("expired");
        assertThat(eventsStored()).isZero();

        assertThat(webhooks.deliver(paid)).as("the refused deliveries did not use up the event id").isEqualTo(200);
        assertThat(state()).isEqualTo("active");
    }

    @Test
    void theServersClockDecidesWhetherASignatureIsStale() throws Exception {
        start(Backend.SQLITE);
        String paid = checkoutCompleted("evt_1", "paid");
        String signature = StripeWebhooks.signature(paid, now().getEpochSecond(), FakeStripe.WEBHOOK_SECRET);
        harness.clock.advance(Billing.SIGNATURE_TOLERANCE.plusSeconds(1));
        assertThat(webhooks.send(paid, signature)).isEqualTo(400);
        assertThat(state()).isEqualTo("expired");
    }

    @Test
    void unknownTypesAreAcknowledgedAndMalformedBodiesRefused() throws Exception {
        start(Backend.SQLITE);
        assertThat(webhooks.deliver(webhooks.event("evt_1", "customer.created", Map.of("id", CUSTOMER)))).isEqualTo(200);
        assertThat(webhooks.deliver("{not json")).isEqualTo(400);
        assertThat(webhooks.deliver("[]")).isEqualTo(400);
        assertThat(webhooks.deliver("{\"id\":\"evt_2\",\"type\":\"invoice.paid\",\"created\":1}")).as("no data.object").isEqualTo(400);
        assertThat(webhooks.deliver(webhooks.event("evt_3", "customer.subscription.updated",
                Map.of("id", SUBSCRIPTION, "customer", CUSTOMER, "status", 42)))).as("a status that is not a word changes nothing").isEqualTo(200);
        assertThat(webhooks.deliver("x".repeat(64 * 1024 + 1))).isEqualTo(413);
        assertThat(webhooks.deliver(invoice("evt_4", "invoice.payment_failed", now())))
                .as("a failed first payment opens no grace period").isEqualTo(200);
        assertThat(webhooks.deliver(checkoutCompleted("evt_5", "paid").replace(adaId, "acc_nobody"))).isEqualTo(200);
        assertThat(state()).isEqualTo("expired");
    }

    private String state() {
        return access().path("state").asString();
    }

    private JsonNode access() {
        return ada.get("/api/me").body().path("access");
    }

    private Instant now() {
        return harness.clock.instant();
    }

    private int eventsStored() {
        return harness.server.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM billing_events").mapTo(Integer.class).one());
    }

    private String checkoutCompleted(String id, String paymentStatus) {
        return webhooks.event(id, "checkout.session.completed", Map.of("id", "cs_test_1", "object", "checkout.session", "mode", "subscription",
                "payment_status", paymentStatus, "client_reference_id", adaId, "customer", CUSTOMER, "subscription", SUBSCRIPTION));
    }

    private String subscription(String id, String type, String status) {
        return webhooks.event(id, type, subscriptionObject(status, now().plus(Duration.ofDays(30))));
    }

    /** The current API version's shape: the period end on the subscription's items. */
    private java.util.HashMap<String, Object> subscriptionObject(String status, Instant periodEnd) {
        var object = new java.util.HashMap<String, Object>();
        object.put("id", SUBSCRIPTION);
        object.put("object", "subscription");
        object.put("customer", CUSTOMER);
        object.put("status", status);
        object.put("metadata", Map.of("flydexAccountId", adaId));
        object.put("items", Map.of("data", List.of(Map.of("current_period_end", periodEnd.getEpochSecond()))));
        return object;
    }

    private String invoice(String id, String type, Instant periodEnd) {
        return webhooks.event(id, type, Map.of("id", "in_" + id, "object", "invoice", "customer", CUSTOMER,
                "parent", Map.of("subscription_details", Map.of("subscription", SUBSCRIPTION)),
                "lines", Map.of("data", List.of(Map.of("period", Map.of("end", periodEnd.getEpochSecond()))))));
    }
}
