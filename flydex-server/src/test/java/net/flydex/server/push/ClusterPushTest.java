package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import net.flydex.protocol.Decision;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.e2e.E2eParties;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.server.machines.TestAgent;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import net.flydex.testkit.TestPostgres;
import net.flydex.testkit.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes on one PostgreSQL and a private Redis: the phone subscribed through node A, the helper
 * (played by the test) on node B. Every node sees every helper frame; only B may push.
 */
class ClusterPushTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration NOTHING_WITHIN = Duration.ofSeconds(1);

    private TestPostgres database;
    private TestRedis redis;
    private FakePushService push;
    private ServerHarness nodeA;
    private ServerHarness nodeB;

    @BeforeEach
    void start() throws Exception {
        database = TestPostgres.create();
        redis = TestRedis.start();
        push = FakePushService.start();
        nodeA = ServerHarness.clusterNode(database.jdbcUrl(), redis.url(), "node-a", push.prefix());
        nodeB = ServerHarness.clusterNode(database.jdbcUrl(), redis.url(), "node-b", push.prefix());
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
        push.close();
        redis.close();
        database.close();
    }

    @Test
    void bothNodesSignWithOneKeyAndAnApprovalIsPushedExactlyOnceAndDecidedThroughEitherNode() throws Exception {
        assertThat(nodeB.cli().get("/api/push/key").body()).isEqualTo(nodeA.cli().get("/api/push/key").body());
        var ada = adaOnNodeB(Map.of());
        ApiClient owner = ada.owner();
        String machineId = ada.machineId();
        var e2e = ada.e2e();
        var device = ada.device();
        PushBrowser phone = ada.phone();
        AgentSocketClient helper = ada.helper();

        helper.send(push(e2e, machineId, device.deviceId(), SealedFrames.PUSH_APPROVAL, "{\"command\":\"make\"}"));

        JsonNode card = phone.next(WAIT).payload().orElseThrow();
        assertThat(card.path("approvalId").asString()).isEqualTo("apv_cluster");
        assertThat(new String(device.client().openPush(device.helper(), machineId, "approval", "apv_cluster", card.path("sealed").asString()),
                StandardCharsets.UTF_8)).contains("make");
        assertThat(phone.next(NOTHING_WITHIN)).as("node A saw the frame too, and did not push").isNull();
        assertThat(push.received()).isEqualTo(1);

        // The sealed decision on node A reaches the helper on node B through the bus, unread.
        var deciding = Thread.ofVirtual().start(() -> {
            try {
                JsonNode frame = helper.next();
                assertThat(frame.path("type").asString()).isEqualTo("e2e/decision");
                var opened = e2e.endpoint.openDecision(frame.path("deviceId").asString(), frame.path("approvalId").asString(),
                        frame.path("sealed").asString());
                assertThat(opened.decision()).isEqualTo(Decision.ACCEPT);
                helper.send(RelayFrames.result(frame.path("id").asString(), WireJson.mapper().readTree(
                        "{\"approvalId\":\"apv_cluster\",\"decision\":\"accept\",\"resolvedBy\":\"flydex\"}")).toString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        var decided = owner.post("/api/machines/" + machineId + "/approvals/apv_cluster/decision", Map.of("deviceId", device.deviceId(),
                "sealed", device.client().sealDecision(device.helper(), machineId, "apv_cluster", Decision.ACCEPT, "tap-1")));
        deciding.join();
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        assertThat(decided.body().path("status").asString()).isEqualTo("applied");

        helper.send(push(e2e, machineId, device.deviceId(), SealedFrames.PUSH_RESOLVED, "{\"resolvedBy\":\"flydex\"}"));
        assertThat(phone.next(WAIT).payload().orElseThrow().path("type").asString()).isEqualTo("approvalResolved");
        assertThat(phone.next(NOTHING_WITHIN)).isNull();
        assertThat(push.received()).isEqualTo(2);
    }

    @Test
    void aTurnsEndAndAHelperLeavingMidTurnArePushedExactlyOnceByTheNodeHoldingItsSocket() throws Exception {
        var ada = adaOnNodeB(Map.of("turnEnded", true, "machineOffline", true));
        String machineId = ada.machineId();
        var device = ada.device();
        PushBrowser phone = ada.phone();
        AgentSocketClient helper = ada.helper();

        helper.send(SealedFrames.push(machineId, "", SealedFrames.PUSH_TURNS_RUNNING, Map.of()).toString());
        String sealed = ada.e2e().endpoint.sealPush(device.deviceId(), SealedFrames.PUSH_TURN_ENDED, "",
                "{\"threadId\":\"thr_1\",\"status\":\"completed\"}".getBytes(StandardCharsets.UTF_8));
        helper.send(SealedFrames.push(machineId, "", SealedFrames.PUSH_TURN_ENDED, Map.of(device.deviceId(), sealed)).toString());

        JsonNode ended = phone.next(WAIT).payload().orElseThrow();
        assertThat(ended.path("type").asString()).isEqualTo("turnEnded");
        assertThat(new String(device.client().openPush(device.helper(), machineId, "turnEnded", "", ended.path("sealed").asString()),
                StandardCharsets.UTF_8)).contains("completed");
        helper.close();

        assertThat(phone.next(WAIT).payload().orElseThrow().path("type").asString()).isEqualTo("machineOffline");
        assertThat(phone.next(NOTHING_WITHIN)).as("node A saw the frames and the machine leave too, and did not push").isNull();
        assertThat(push.received()).isEqualTo(2);
    }

    /** Ada signed up on node A, her phone subscribed there (a trusted device, these preferences), her helper online on node B. */
    private record Ada(ApiClient owner, String machineId, E2eParties e2e, E2eParties.Device device, PushBrowser phone,
            AgentSocketClient helper) {}

    private Ada adaOnNodeB(Map<String, Object> preferences) throws Exception {
        ApiClient owner = nodeA.signedUpBrowser("ada@example.com");
        var agent = new TestAgent(nodeB);
        String machineId = agent.pairWith(owner);
        var e2e = new E2eParties(machineId);
        var device = e2e.introduce("Ada's phone");
        PushBrowser phone = push.newBrowser();
        var subscription = new HashMap<String, Object>(phone.toJson());
        subscription.put("deviceId", device.deviceId());
        subscription.put("preferences", preferences);
        assertThat(owner.post("/api/push/subscriptions", subscription).status()).isEqualTo(201);
        AgentSocketClient helper = agent.connect(machineId);
        assertThat(helper.next().path("type").asString()).isEqualTo("welcome");
        await().atMost(WAIT).until(() -> owner.get("/api/machines").body().path("machines").get(0).path("online").asBoolean());
        return new Ada(owner, machineId, e2e, device, phone, helper);
    }

    private static String push(E2eParties e2e, String machineId, String deviceId, String kind, String content) throws Exception {
        String sealed = e2e.endpoint.sealPush(deviceId, kind, "apv_cluster", content.getBytes(StandardCharsets.UTF_8));
        return SealedFrames.push(machineId, "apv_cluster", kind, Map.of(deviceId, sealed)).toString();
    }
}
