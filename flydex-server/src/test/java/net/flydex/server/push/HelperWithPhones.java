package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.TrustedDevice;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.e2e.E2eParties;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.server.machines.TestAgent;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A node on SQLite trusting a {@link FakePushService}, an account with a paired machine whose
 * helper the test plays by hand (its frames are what the real helper writes, sealed with
 * flydex-protocol's real keys), and phones that turn notifications on, each an end-to-end device
 * the helper trusts. Closing it stops the node and the push service.
 */
final class HelperWithPhones implements AutoCloseable {
    final ServerHarness harness;
    final FakePushService push;
    final ApiClient account;
    final String machineId;
    final AgentSocketClient helper;
    private final TestAgent agent;
    final E2eParties e2e;

    /** For a test's {@code @AutoClose} field: started anew for each test method. */
    static HelperWithPhones start(String email) {
        FakePushService push;
        try {
            push = FakePushService.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            return new HelperWithPhones(ServerHarness.withPush(net.flydex.server.app.Backend.SQLITE, push.prefix()), push, email);
        } catch (Exception e) {
            push.close();
            throw new IllegalStateException("the node or its helper did not start", e);
        } catch (AssertionError e) {
            push.close();
            throw e;
        }
    }

    private HelperWithPhones(ServerHarness harness, FakePushService push, String email) throws InterruptedException {
        this.harness = harness;
        this.push = push;
        this.account = harness.signedUpBrowser(email);
        this.agent = new TestAgent(harness);
        this.machineId = agent.pairWith(account);
        this.helper = agent.connect(machineId);
        this.e2e = new E2eParties(machineId);
        assertThat(helper.next().path("type").asString()).isEqualTo("welcome");
    }

    /** A phone signed in to the account, trusted by the helper, subscribed with its device id and these preferences. */
    Phone phone(Map<String, Object> preferences) {
        try {
            return phone(preferences, Optional.of(e2e.introduce("Ada's phone")));
        } catch (E2eException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A phone whose subscription names {@code device}, or no device (a browser without end-to-end keys). */
    Phone phone(Map<String, Object> preferences, Optional<E2eParties.Device> device) {
        ApiClient phone = harness.browser();
        var signin = phone.post("/api/auth/signin", Map.of("email", emailOf(), "password", "correct horse battery"));
        assertThat(signin.status()).isEqualTo(200);
        PushBrowser browser = push.newBrowser();
        var body = new java.util.HashMap<>(browser.toJson());
        body.put("preferences", preferences);
        device.ifPresent(d -> body.put("deviceId", d.deviceId()));
        var created = phone.post("/api/push/subscriptions", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Phone(phone, browser, created.body().path("id").asString(), device);
    }

    Phone phone() {
        return phone(Map.of());
    }

    record Phone(ApiClient api, PushBrowser browser, String subscriptionId, Optional<E2eParties.Device> device) {
        /** The push's sealed copy, opened as the service worker does with the device key. */
        String open(JsonNode payload) throws E2eException {
            var phone = device.orElseThrow();
            return new String(phone.client().openPush(phone.helper(), payload.path("machineId").asString(), payload.path("type").asString(),
                    payload.path("approvalId").asString(), payload.path("sealed").asString()), StandardCharsets.UTF_8);
        }
    }

    /** The helper raises a command approval: a push frame with its notification sealed for every trusted device. */
    void approval(String approvalId, String command) {
        push(SealedFrames.PUSH_APPROVAL, approvalId, WireJson.mapper().createObjectNode().put("threadTitle", "Fix the flaky test")
                .put("command", command).put("canDecide", true));
    }

    void resolved(String approvalId, String decision, String resolvedBy) {
        push(SealedFrames.PUSH_RESOLVED, approvalId, WireJson.mapper().createObjectNode().put("decision", decision)
                .put("resolvedBy", resolvedBy));
    }

    /** A turn that ended: a push frame naming no approval, its content sealed for every trusted device. */
    void turnEnded(String threadTitle, String status) {
        push(SealedFrames.PUSH_TURN_ENDED, "", WireJson.mapper().createObjectNode().put("threadId", "thr_1").put("threadTitle", threadTitle)
                .put("status", status));
    }

    /** A push kind that carries nothing ({@code turnsRunning}, {@code turnsIdle}), on {@code socket}. */
    void signal(AgentSocketClient socket, String kind) {
        socket.send(SealedFrames.push(machineId, "", kind, Map.of()).toString());
    }

    /** The helper again, on a new socket (after it closed), welcomed. */
    AgentSocketClient reconnect() throws InterruptedException {
        AgentSocketClient socket = agent.connect(machineId);
        assertThat(socket.next().path("type").asString()).isEqualTo("welcome");
        return socket;
    }

    /** What the helper sends for an approval, its resolution or a turn's end, sealed with {@code HelperEndpoint.sealPush} per device. */
    void push(String kind, String approvalId, ObjectNode content) {
        var sealed = new HashMap<String, String>();
        try {
            for (TrustedDevice device : e2e.devices.list()) {
                sealed.put(device.deviceId(), e2e.endpoint.sealPush(device.deviceId(), kind, approvalId,
                        content.toString().getBytes(StandardCharsets.UTF_8)));
            }
        } catch (E2eException e) {
            throw new IllegalStateException(e);
        }
        helper.send(SealedFrames.push(machineId, approvalId, kind, sealed).toString());
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
