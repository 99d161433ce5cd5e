package net.flydex.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.WireJson;
import net.flydex.server.accounts.Accounts;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.billing.Access;
import net.flydex.server.billing.FakeStripe;
import net.flydex.server.billing.StripeWebhooks;
import net.flydex.server.machines.AgentSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The relay checks an rpc's machine and access once per browser socket and machine, then keeps the
 * result (see {@code Grants}). Each test first lets the socket send an rpc, so the grant is kept,
 * then ends it one way and checks that the same socket's very next rpc is refused.
 */
class RelayGrantsTest {
    /** Long enough for the relay to have forwarded anything it was going to. */
    private static final Duration NOTHING_WITHIN = Duration.ofMillis(300);

    private FakeStripe stripe;
    private ServerHarness harness;
    private PairedMachine ada;
    private AgentSocketClient browser;
    private int calls;

    @AfterEach
    void stop() {
        harness.close();
        if (stripe != null) {
            stripe.close();
        }
    }

    @Test
    void aMachineRevokedWhileItsHelperIsOfflineIsNotFoundOnTheNextRpc() throws Exception {
        start(false);
        assertForwarded();
        ada.helper.close();
        assertThat(refusal()).as("the grant stands, the machine is merely offline").isEqualTo("machine_offline");

        assertThat(ada.browser.delete("/api/machines/" + ada.machineId).status()).isEqualTo(204);

        assertThat(refusal()).isEqualTo("not_found");
    }

    @Test
    void aMachineRevokedWhileOnlineIsNotFoundOnTheNextRpc() throws Exception {
        start(false);
        assertForwarded();

        assertThat(ada.browser.delete("/api/machines/" + ada.machineId).status()).isEqualTo(204);

        assertThat(refusal()).isEqualTo("not_found");
    }

    @Test
    void theTrialEndingByTheClockStopsRpcsAtOnceWithNothingElseChanging() throws Exception {
        start(false);
        harness.clock.advance(Accounts.TRIAL.minusSeconds(1));
        assertForwarded();

        harness.clock.advance(Duration.ofSeconds(1));

        assertThat(refusal()).isEqualTo("access_expired");
        assertThat(ada.helper.poll(NOTHING_WITHIN)).as("the helper received nothing").isEmpty();
    }

    @Test
    void aCancellationStopsAndAPaymentRestoresRpcsOnTheSameSocket() throws Exception {
        start(true);
        var webhooks = new StripeWebhooks(harness.url(), harness.clock);
        assertThat(webhooks.deliver(checkout("evt_1"))).isEqualTo(200);
        harness.clock.advance(Accounts.TRIAL);
        assertForwarded();

        assertThat(webhooks.deliver(webhooks.event("evt_2", "customer.subscription.deleted",
                Map.of("id", "sub_1", "customer", "cus_1", "status", "canceled")))).isEqualTo(200);
        assertThat(refusal()).isEqualTo("access_expired");

        harness.clock.advance(Duration.ofSeconds(1));
        assertThat(webhooks.deliver(webhooks.event("evt_3", "customer.subscription.created",
                Map.of("id", "sub_2", "customer", "cus_1", "status", "active")))).isEqualTo(200);
        assertForwarded();
    }

    @Test
    void aFailedRenewalKeepsRpcsForTheGracePeriodThenTheClockEndsThem() throws Exception {
        start(true);
        var webhooks = new StripeWebhooks(harness.url(), harness.clock);
        assertThat(webhooks.deliver(checkout("evt_1"))).isEqualTo(200);
        harness.clock.advance(Accounts.TRIAL);
        assertForwarded();

        assertThat(webhooks.deliver(webhooks.event("evt_2", "invoice.payment_failed", Map.of("id", "in_1", "object", "invoice",
                "customer", "cus_1", "parent", Map.of("subscription_details", Map.of("subscription", "sub_1")))))).isEqualTo(200);
        harness.clock.advance(Access.GRACE.minusSeconds(1));
        assertForwarded();

        harness.clock.advance(Duration.ofSeconds(1));
        assertThat(refusal()).isEqualTo("access_expired");
    }

    private void start(boolean billing) throws Exception {
        if (billing) {
            stripe = new FakeStripe();
            harness = ServerHarness.withStripe(Backend.SQLITE, stripe.settings());
        } else {
            harness = ServerHarness.sqlite();
        }
        ada = PairedMachine.online(harness, "ada@example.com");
        browser = ada.openBrowser();
    }

    private String checkout(String eventId) {
        String accountId = ada.browser.get("/api/me").body().path("account").path("id").asString();
        return new StripeWebhooks(harness.url(), harness.clock).event(eventId, "checkout.session.completed",
                Map.of("payment_status", "paid", "client_reference_id", accountId, "customer", "cus_1", "subscription", "sub_1"));
    }

    /** An rpc on the browser's socket reaches the helper, and its answer comes back. */
    private void assertForwarded() throws InterruptedException {
        String id = send();
        JsonNode forwarded = ada.nextRpc();
        ada.answer(forwarded, WireJson.mapper().createObjectNode().putArray("data"));
        JsonNode answer = browser.next();
        assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo("result");
        assertThat(answer.path("id").asString()).isEqualTo(id);
    }

    /** An rpc on the browser's socket is answered with an error at once; its code. */
    private String refusal() throws InterruptedException {
        String id = send();
        JsonNode answer = browser.next();
        assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo("error");
        assertThat(answer.path("id").asString()).isEqualTo(id);
        return answer.path("error").path("code").asString();
    }

    private String send() {
        String id = "c-" + ++calls;
        browser.send(RelayRpcTest.rpc(id, ada.machineId, "thread/list", Map.of()));
        return id;
    }
}
