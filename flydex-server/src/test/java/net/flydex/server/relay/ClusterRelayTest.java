package net.flydex.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.server.e2e.E2eParties;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.server.machines.TestAgent;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.TestPostgres;
import net.flydex.testkit.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes in one JVM on one PostgreSQL database and a private Redis: a browser on node A, the
 * helper (played by the test) on node B.
 */
class ClusterRelayTest {
    private static final Duration NOTHING_WITHIN = Duration.ofSeconds(1);

    private TestPostgres database;
    private TestRedis redis;
    private ServerHarness nodeA;
    private ServerHarness nodeB;
    private ApiClient owner;
    private TestAgent agent;
    private String machineId;

    @BeforeEach
    void start() throws Exception {
        database = TestPostgres.create();
        redis = TestRedis.start();
        nodeA = ServerHarness.clusterNode(database.jdbcUrl(), redis.url(), "node-a");
        nodeB = ServerHarness.clusterNode(database.jdbcUrl(), redis.url(), "node-b");
        owner = nodeA.signedUpBrowser("ada@example.com");
        agent = new TestAgent(nodeB);
        machineId = agent.pairWith(owner);
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
        redis.close();
        database.close();
    }

    @Test
    void aBrowserOnNodeAReachesAHelperOnNodeBBothWays() throws Exception {
        AgentSocketClient helper = welcomedOnBKnownOnA();
        AgentSocketClient browser = BrowserSockets.open(nodeA, owner);

        browser.send(Map.of("type", "subscribe", "machineId", machineId));
        JsonNode presence = browser.next();
        assertThat(presence.path("type").asString()).isEqualTo("machine");
        assertThat(presence.path("online").asBoolean()).as("node A knows the helper on node B").isTrue();
        var approval = WireJson.mapper().createObjectNode().put("approvalId", "apr_1").put("kind", "command").put("threadId", "thr_1");
        helper.send(RelayFrames.approval(machineId, approval).toString());
        JsonNode card = browser.next();
        assertThat(card.path("type").asString()).isEqualTo("approval");
        assertThat(card.path("approval").path("approvalId").asString()).isEqualTo("apr_1");

        browser.send(Map.of("type", "rpc", "id", "c-1", "machineId", machineId, "method", "thread/list", "params", Map.of()));
        JsonNode forwarded = nextRpc(helper);
        assertThat(forwarded.path("method").asString()).isEqualTo("thread/list");
        helper.send(RelayFrames.result(forwarded.path("id").asString(), WireJson.mapper().readTree("{\"data\":[]}")).toString());
        JsonNode answer = browser.next();
        assertThat(answer.path("id").asString()).isEqualTo("c-1");
        assertThat(answer.path("result").path("data").isArray()).isTrue();

        helper.send(RelayFrames.event(machineId, "turn/started", WireJson.mapper().readTree("{\"threadId\":\"thr_1\"}")).toString());
        assertThat(browser.next().path("method").asString()).isEqualTo("turn/started");
        helper.send("{\"type\":\"approvalResolved\",\"machineId\":\"" + machineId + "\",\"approvalId\":\"apr_1\",\"decision\":\"accept\"}");
        assertThat(browser.next().path("type").asString()).isEqualTo("approvalResolved");

        helper.close();
        JsonNode offline = browser.next();
        assertThat(offline.path("type").asString()).isEqualTo("machine");
        assertThat(offline.path("online").asBoolean()).isFalse();
        JsonNode listed = owner.get("/api/machines").body().path("machines").get(0);
        assertThat(listed.path("online").asBoolean()).isFalse();
    }

    @Test
    void aSealedEventFromAHelperOnNodeBReachesOnlyItsSessionsSocketOnNodeAOnce() throws Exception {
        AgentSocketClient helper = welcomedOnBKnownOnA();
        var e2e = new E2eParties(machineId);
        var phone = e2e.introduce("Ada's phone");
        AgentSocketClient tab = BrowserSockets.open(nodeA, owner);
        AgentSocketClient otherTab = BrowserSockets.open(nodeA, owner);
        AgentSocketClient onB = BrowserSockets.open(nodeB, owner);
        for (AgentSocketClient socket : List.of(tab, otherTab, onB)) {
            socket.send(Map.of("type", "subscribe", "machineId", machineId));
            assertThat(socket.next().path("type").asString()).isEqualTo("machine");
        }

        DeviceClient.Handshake handshake = phone.client().handshake(phone.helper(), machineId);
        tab.send(SealedFrames.hello("h-1", machineId, phone.deviceId(), handshake.hello()).toString());
        JsonNode hello = helper.next();
        assertThat(hello.path("type").asString()).isEqualTo("e2e/hello");
        var answer = e2e.endpoint.answer(hello.path("deviceId").asString(), hello.path("hello").asString());
        helper.send(SealedFrames.helloAnswer(hello.path("id").asString(), answer.session().sessionId(), answer.reply()).toString());
        var session = handshake.finish(tab.next().path("result").path("reply").asString());

        String event = answer.session().seal(SealedFrames.EVENT, "", "{\"method\":\"turn/started\"}".getBytes(StandardCharsets.UTF_8));
        helper.send(SealedFrames.event(machineId, phone.deviceId(), session.sessionId(), event).toString());
        JsonNode delivered = tab.next();
        assertThat(session.open(SealedFrames.EVENT, "", delivered.path("sealed").asString())).isNotEmpty();
        assertThat(tab.poll(NOTHING_WITHIN)).as("once").isEmpty();
        assertThat(otherTab.poll(Duration.ZERO)).isEmpty();
        assertThat(onB.poll(Duration.ZERO)).as("node B holds no socket of that session").isEmpty();

        tab.close();
        assertThat(helper.next()).as("node A tells the helper on node B").isEqualTo(SealedFrames.closed(phone.deviceId(), session.sessionId()));
    }

    @Test
    void aMachineConnectingToASecondNodeReplacesTheFirstConnectionWithoutFlapping() throws Exception {
        AgentSocketClient onB = welcomed(agent, nodeB);
        AgentSocketClient onA = welcomed(agent, nodeA);

        assertThat(onB.awaitClose()).isEqualTo(AgentClose.REPLACED);
        assertThat(onA.poll(NOTHING_WITHIN)).as("the newest connection stays").isEmpty();
        assertThat(onA.isClosed()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> owner.get("/api/machines").body().path("machines").get(0).path("online").asBoolean());
        ApiClient onNodeB = nodeB.browser().withBearer(bearer());
        assertThat(onNodeB.get("/api/machines").body().path("machines").get(0).path("online").asBoolean()).isTrue();

        AgentSocketClient browser = BrowserSockets.open(nodeB, owner);
        browser.send(Map.of("type", "rpc", "id", "c-1", "machineId", machineId, "method", "thread/list", "params", Map.of()));
        JsonNode forwarded = nextRpc(onA);
        onA.send(RelayFrames.result(forwarded.path("id").asString(), WireJson.mapper().createObjectNode()).toString());
        assertThat(browser.next().path("id").asString()).isEqualTo("c-1");
    }

    @Test
    void revokingAMachineOnNodeAClosesItsHelperOnNodeB() throws Exception {
        AgentSocketClient helper = welcomed(agent, nodeB);

        assertThat(owner.delete("/api/machines/" + machineId).status()).isEqualTo(204);

        assertThat(helper.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
    }

    @Test
    void aMachineRevokedOnNodeAIsNotFoundForABrowserOnNodeBThatAlreadyHeldAGrant() throws Exception {
        AgentSocketClient helper = welcomed(agent, nodeB);
        AgentSocketClient browser = BrowserSockets.open(nodeB, owner);
        browser.send(Map.of("type", "rpc", "id", "c-0", "machineId", machineId, "method", "thread/list", "params", Map.of()));
        JsonNode forwarded = nextRpc(helper);
        helper.send(RelayFrames.result(forwarded.path("id").asString(), WireJson.mapper().createObjectNode()).toString());
        assertThat(browser.next().path("id").asString()).as("node B now keeps this socket's grant").isEqualTo("c-0");

        assertThat(owner.delete("/api/machines/" + machineId).status()).isEqualTo(204);
        assertThat(helper.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);

        // Without the revalidation crossing the bus, node B's kept grant would answer machine_offline forever.
        int[] attempt = {0};
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            String id = "c-" + ++attempt[0];
            browser.send(Map.of("type", "rpc", "id", id, "machineId", machineId, "method", "thread/list", "params", Map.of()));
            JsonNode answer = browser.next();
            assertThat(answer.path("id").asString()).isEqualTo(id);
            return answer.path("error").path("code").asString().equals("not_found");
        });
    }

    @Test
    void malformedBusMessagesAreDroppedAndTheBusKeepsWorking() throws Exception {
        AgentSocketClient helper = welcomed(agent, nodeB);
        AgentSocketClient browser = BrowserSockets.open(nodeA, owner);
        List<String> garbage = List.of("", "no newline at all", "\n{}", "{\"kind\":\"toAgent\"}\n{}", "[1,2]\n{}",
                "{\"kind\":\"fromAgent\",\"node\":\"x\",\"sentAt\":1,\"requestId\":\"r\",\"accountId\":7,\"machineId\":[]}\n{}",
                "{\"kind\":\"nonsense\",\"node\":\"x\"}\n{}", "{\"kind\":\"presence\",\"node\":\"x\",\"sentAt\":1}\n",
                "x".repeat(5000) + "\n{}",
                // Well formed, but for a machine of nobody: routed nowhere.
                "{\"kind\":\"toAgent\",\"node\":\"x\",\"sentAt\":1,\"requestId\":\"r\",\"accountId\":\"acc_nobody\",\"machineId\":\"" + machineId
                        + "\"}\n{\"type\":\"rpc\",\"id\":\"rly_forged\",\"method\":\"thread/list\",\"params\":{}}");
        var client = RedisClient.create(redis.url());
        try (var raw = client.connect()) {
            for (String message : garbage) {
                raw.sync().publish("flydex:bus:all", message);
                raw.sync().publish("flydex:bus:node:node-b", message);
            }
        } finally {
            client.shutdown();
        }
        assertThat(helper.poll(NOTHING_WITHIN)).as("nothing forged reaches the helper").isEmpty();

        browser.send(Map.of("type", "rpc", "id", "c-1", "machineId", machineId, "method", "thread/list", "params", Map.of()));
        JsonNode forwarded = nextRpc(helper);
        helper.send(RelayFrames.result(forwarded.path("id").asString(), WireJson.mapper().createObjectNode()).toString());
        assertThat(browser.next().path("id").asString()).isEqualTo("c-1");
        String metrics = nodeB.scrapeMetrics();
        assertThat(metrics).containsPattern("flydex_bus_dropped_total \\d+\\.0");
        assertThat(droppedCount(metrics)).isGreaterThanOrEqualTo(2 * (garbage.size() - 1));
    }

    private static double droppedCount(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("flydex_bus_dropped_total ")).mapToDouble(line ->
                Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(0);
    }

    private String bearer() {
        return owner.post("/api/auth/signin", Map.of("email", "ada@example.com", "password", "correct horse battery", "tokenInBody", true))
                .body().path("sessionToken").asString();
    }

    /**
     * The helper welcomed on node B, returned once node A's relay has heard through Redis that it
     * came online: a browser subscribing on A any earlier could find it offline, or see that
     * announcement arrive after the frames the test expects first.
     */
    private AgentSocketClient welcomedOnBKnownOnA() throws InterruptedException {
        try (AgentSocketClient watcher = BrowserSockets.open(nodeA, owner)) {
            watcher.send(Map.of("type", "subscribe", "machineId", machineId));
            assertThat(watcher.next().path("online").asBoolean()).isFalse();
            AgentSocketClient helper = welcomed(agent, nodeB);
            assertThat(watcher.next().path("online").asBoolean()).as("node A hears the helper on node B").isTrue();
            return helper;
        }
    }

    private AgentSocketClient welcomed(TestAgent helper, ServerHarness node) throws InterruptedException {
        AgentSocketClient socket = AgentSocketClient.open(node.url());
        socket.send(helper.hello(machineId, socket.challengeNonce()));
        JsonNode welcome = socket.next();
        assertThat(welcome.path("type").asString()).as(welcome.toString()).isEqualTo("welcome");
        return socket;
    }

    private static JsonNode nextRpc(AgentSocketClient helper) throws InterruptedException {
        JsonNode rpc = helper.next();
        assertThat(rpc.path("type").asString()).as(rpc.toString()).isEqualTo("rpc");
        return rpc;
    }
}
