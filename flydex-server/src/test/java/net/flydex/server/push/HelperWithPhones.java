package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.server.machines.TestAgent;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import tools.jackson.databind.node.ObjectNode;

/**
 * A node on SQLite trusting a {@link FakePushService}, an account with a paired machine whose
 * helper the test plays by hand (its frames are what the real helper writes), and phones that
 * turn notifications on. Closing it stops the node and the push service.
 */
final class HelperWithPhones implements AutoCloseable {
    final ServerHarness harness;
    final FakePushService push;
    final ApiClient account;
    final String machineId;
    final AgentSocketClient helper;

    static HelperWithPhones start(String email) throws Exception {
        FakePushService push = FakePushService.start();
        try {
            return new HelperWithPhones(ServerHarness.withPush(net.flydex.server.app.Backend.SQLITE, push.prefix()), push, email);
        } catch (Exception | AssertionError e) {
            push.close();
            throw e;
        }
    }

    private HelperWithPhones(ServerHarness harness, FakePushService push, String email) throws InterruptedException {
        this.harness = harness;
        this.push = push;
        this.account = harness.signedUpBrowser(email);
        var agent = new TestAgent(harness);
        this.machineId = agent.pairWith(account);
        this.helper = agent.connect(machineId);
        assertThat(helper.next().path("type").asString()).isEqualTo("welcome");
    }

    /** A phone signed in to the account, subscribed with these preferences; answers its browser side. */
    Phone phone(Map<String, Object> preferences) {
        ApiClient phone = harness.browser();
        var signin = phone.post("/api/auth/signin", Map.of("email", emailOf(), "password", "correct horse battery"));
        assertThat(signin.status()).isEqualTo(200);
        PushBrowser browser = push.newBrowser();
        var body = new java.util.HashMap<>(browser.toJson());
        body.put("preferences", preferences);
        var created = phone.post("/api/push/subscriptions", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Phone(phone, browser, created.body().path("id").asString());
    }

    Phone phone() {
        return phone(Map.of());
    }

    record Phone(ApiClient api, PushBrowser browser, String subscriptionId) {}

    /** The helper raises a command approval, as the real one writes it. */
    ObjectNode approval(String approvalId, String command) {
        ObjectNode approval = WireJson.mapper().createObjectNode().put("approvalId", approvalId).put("kind", "command")
                .put("threadId", "019a-thread").put("turnId", "turn-1").put("itemId", "call_1").put("command", command)
                .put("cwd", "/home/ada/project").put("threadTitle", "Fix the flaky test").put("createdAt", "2026-12-07T06:40:00Z");
        approval.putArray("availableDecisions").add("accept").add("acceptForSession").add("decline").add("cancel");
        helper.send(RelayFrames.approval(machineId, approval).toString());
        return approval;
    }

    void resolved(String approvalId, String decision, String resolvedBy) {
        helper.send(WireJson.mapper().createObjectNode().put("type", "approvalResolved").put("machineId", machineId)
                .put("approvalId", approvalId).put("decision", decision).put("resolvedBy", resolvedBy).toString());
    }

    void turn(String method, String turnId, String status) {
        ObjectNode params = WireJson.mapper().createObjectNode().put("threadId", "019a-thread");
        params.putObject("turn").put("id", turnId).put("status", status);
        helper.send(RelayFrames.event(machineId, method, params).toString());
    }

    int subscriptions() {
        return harness.server.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM push_subscriptions").mapTo(Integer.class).one());
    }

    @Override
    public void close() {
        harness.close();
        push.close();
    }

    private String emailOf() {
        return account.get("/api/me").body().path("account").path("email").asString();
    }
}
