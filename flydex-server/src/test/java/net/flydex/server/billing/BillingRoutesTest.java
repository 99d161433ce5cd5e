package net.flydex.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.flydex.server.accounts.Accounts;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BillingRoutesTest {
    private final FakeStripe stripe = newFakeStripe();
    private ServerHarness harness;

    @AfterEach
    void stop() {
        harness.close();
        stripe.close();
    }

    @Test
    void checkoutAsksStripeForAMonthlySubscriptionSessionForTheAccount() throws Exception {
        harness = ServerHarness.withStripe(Backend.SQLITE, stripe.settings());
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        String accountId = ada.get("/api/me").body().path("account").path("id").asString();

        var answer = ada.post("/api/billing/checkout", Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("url").asString()).startsWith("https://checkout.stripe.test/");

        var customer = stripe.requests("/v1/customers").getFirst();
        assertThat(customer.authorization()).contains("Bearer " + FakeStripe.API_KEY);
        assertThat(customer.form()).containsEntry("metadata[flydexAccountId]", accountId).containsEntry("email", "ada@example.com");
        assertThat(customer.idempotencyKey()).isPresent();
        var session = stripe.requests("/v1/checkout/sessions").getFirst();
        assertThat(session.form())
                .containsEntry("mode", "subscription")
                .containsEntry("line_items[0][price]", FakeStripe.PRICE_ID)
                .containsEntry("line_items[0][quantity]", "1")
                .containsEntry("client_reference_id", accountId)
                .containsEntry("subscription_data[metadata][flydexAccountId]", accountId)
                .containsEntry("customer", "cus_test_1")
                .containsEntry("success_url", ServerHarness.PUBLIC_URL + "/account/billing?checkout=success")
                .containsEntry("cancel_url", ServerHarness.PUBLIC_URL + "/account/billing?checkout=cancel");
        assertThat(session.idempotencyKey()).hasValueSatisfying(key -> assertThat(key).contains(accountId));
        assertThat(session.form().keySet()).noneMatch(key -> key.contains("card"));
    }

    @Test
    void aSecondCheckoutReusesTheAccountsCustomer() throws Exception {
        harness = ServerHarness.withStripe(Backend.SQLITE, stripe.settings());
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        assertThat(ada.post("/api/billing/checkout", Map.of()).status()).isEqualTo(200);
        harness.clock.advance(Billing.CHECKOUT_DEDUPLICATION);
        assertThat(ada.post("/api/billing/checkout", Map.of()).status()).isEqualTo(200);

        assertThat(stripe.requests("/v1/customers")).hasSize(1);
        var sessions = stripe.requests("/v1/checkout/sessions");
        assertThat(sessions).hasSize(2).allSatisfy(s -> assertThat(s.form()).containsEntry("customer", "cus_test_1"));
        assertThat(sessions.get(0).idempotencyKey()).as("a new window, a new session").isNotEqualTo(sessions.get(1).idempotencyKey());
    }

    @Test
    void thePortalNeedsACustomerAndReturnsToTheBillingPage() throws Exception {
        harness = ServerHarness.withStripe(Backend.SQLITE, stripe.settings());
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        assertThat(ada.post("/api/billing/portal", Map.of()).errorCode()).isEqualTo("conflict");

        ada.post("/api/billing/checkout", Map.of());
        var portal = ada.post("/api/billing/portal", Map.of());
        assertThat(portal.status()).isEqualTo(200);
        assertThat(portal.body().path("url").asString()).startsWith("https://billing.stripe.test/");
        assertThat(stripe.requests("/v1/billing_portal/sessions").getFirst().form())
                .containsEntry("customer", "cus_test_1").containsEntry("return_url", ServerHarness.PUBLIC_URL + "/account/billing");
    }

    @Test
    void checkoutAndPortalNeedASessionAndFlydexsOrigin() throws Exception {
        harness = ServerHarness.withStripe(Backend.SQLITE, stripe.settings());
        assertThat(harness.cli().post("/api/billing/checkout", Map.of()).status()).isEqualTo(401);
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        ada.withOrigin("https://evil.example");
        assertThat(ada.post("/api/billing/checkout", Map.of()).errorCode()).isEqualTo("bad_origin");
        assertThat(ada.post("/api/billing/portal", Map.of()).errorCode()).isEqualTo("bad_origin");
        assertThat(stripe.requests()).isEmpty();
    }

    @Test
    void withoutStripeBillingIsUnconfiguredAndTheTrialStillRuns() throws Exception {
        harness = ServerHarness.sqlite();
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        for (String route : new String[] {"/api/billing/checkout", "/api/billing/portal", "/api/billing/webhook"}) {
            var answer = route.endsWith("webhook") ? harness.cli().post(route, Map.of()) : ada.post(route, Map.of());
            assertThat(answer.status()).as(route).isEqualTo(503);
            assertThat(answer.errorCode()).as(route).isEqualTo("billing_unconfigured");
        }
        var access = ada.get("/api/me").body().path("access");
        assertThat(access.path("state").asString()).isEqualTo("trial");
        assertThat(access.path("paidUntil").isNull()).isTrue();

        harness.clock.advance(Accounts.TRIAL);
        assertThat(ada.get("/api/me").body().path("access").path("state").asString()).isEqualTo("expired");
    }

    private static FakeStripe newFakeStripe() {
        try {
            return new FakeStripe();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
