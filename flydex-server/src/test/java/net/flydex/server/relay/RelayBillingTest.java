package net.flydex.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.flydex.server.accounts.Accounts;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.billing.FakeStripe;
import net.flydex.server.billing.StripeWebhooks;
import net.flydex.server.machines.AgentSocketClient;
import org.junit.jupiter.api.Test;

/** The relay follows the billing state: paid access outlives the trial, cancellation ends it. */
class RelayBillingTest {
    @Test
    void aPaidSubscriptionKeepsRpcsFlowingAfterTheTrialAndCancellationStopsThem() throws Exception {
        try (var stripe = new FakeStripe(); var harness = ServerHarness.withStripe(Backend.SQLITE, stripe.settings())) {
            PairedMachine ada = PairedMachine.online(harness, "ada@example.com");
            String accountId = ada.browser.get("/api/me").body().path("account").path("id").asString();
            var webhooks = new StripeWebhooks(harness.url(), harness.clock);
            assertThat(webhooks.deliver(webhooks.event("evt_1", "checkout.session.completed",
                    Map.of("payment_status", "paid", "client_reference_id", accountId, "subscription", "sub_1")))).isEqualTo(200);
            harness.clock.advance(Accounts.TRIAL);
            AgentSocketClient browser = ada.openBrowser();

            browser.send(RelayRpcTest.rpc("c-1", ada.machineId, "thread/list", Map.of()));
            assertThat(ada.nextRpc().path("method").asString()).isEqualTo("thread/list");

            assertThat(webhooks.deliver(webhooks.event("evt_2", "customer.subscription.deleted",
                    Map.of("id", "sub_1", "status", "canceled", "metadata", Map.of("flydexAccountId", accountId))))).isEqualTo(200);
            browser.send(RelayRpcTest.rpc("c-2", ada.machineId, "thread/list", Map.of()));
            var answer = browser.next();
            assertThat(answer.path("id").asString()).isEqualTo("c-2");
            assertThat(answer.path("error").path("code").asString()).isEqualTo("access_expired");
        }
    }
}
