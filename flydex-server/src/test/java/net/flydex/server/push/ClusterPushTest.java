package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.ServerHarness;
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
        ApiClient owner = nodeA.signedUpBrowser("ada@example.com");
        var agent = new TestAgent(nodeB);
        String machineId = agent.pairWith(owner);
        PushBrowser phone = push.newBrowser();
        assertThat(owner.post("/api/push/subscriptions", phone.toJson()).status()).isEqualTo(201);
        AgentSocketClient helper = agent.connect(machineId);
        assertThat(helper.next().path("type").asString()).isEqualTo("welcome");
        await().atMost(WAIT).until(() -> owner.get("/api/machines").body().path("machines").get(0).path("online").asBoolean());

        var approval = WireJson.mapper().createObjectNode().put("approvalId", "apv_cluster").put("kind", "command")
                .put("threadId", "thr_1").put("command", "make");
        approval.putArray("availableDecisions").add("accept").add("decline");
        helper.send(RelayFrames.approval(machineId, approval).toString());

        assertThat(phone.next(WAIT).payload().orElseThrow().path("approvalId").asString()).isEqualTo("apv_cluster");
        assertThat(phone.next(NOTHING_WITHIN)).as("node A saw the frame too, and did not push").isNull();
        assertThat(push.received()).isEqualTo(1);

        // The decision route on node A reaches the helper on node B through the bus.
        var deciding = Thread.ofVirtual().start(() -> {
            try {
                JsonNode rpc = helper.next();
                assertThat(rpc.path("method").asString()).isEqualTo("approval/respond");
                assertThat(rpc.path("params").path("approvalId").asString()).isEqualTo("apv_cluster");
                helper.send(RelayFrames.result(rpc.path("id").asString(), WireJson.mapper().readTree(
                        "{\"approvalId\":\"apv_cluster\",\"decision\":\"accept\",\"resolvedBy\":\"flydex\"}")).toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var decided = owner.post("/api/machines/" + machineId + "/approvals/apv_cluster/decision",
                Map.of("decision", "accept", "idempotencyKey", "tap-1"));
        deciding.join();
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        assertThat(decided.body().path("status").asString()).isEqualTo("applied");

        helper.send(WireJson.mapper().createObjectNode().put("type", "approvalResolved").put("machineId", machineId)
                .put("approvalId", "apv_cluster").put("decision", "accept").put("resolvedBy", "flydex").toString());
        assertThat(phone.next(WAIT).payload().orElseThrow().path("type").asString()).isEqualTo("approvalResolved");
        assertThat(phone.next(NOTHING_WITHIN)).isNull();
        assertThat(push.received()).isEqualTo(2);
    }
}
