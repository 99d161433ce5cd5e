package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.RelayClient;
import net.flydex.testkit.TestPostgres;
import net.flydex.testkit.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two control-plane nodes as separate processes on one PostgreSQL database and a private Redis:
 * the phone on node A, the helper on node B, the real Codex (scripted model) behind it. The
 * phone is a device the helper trusts; everything between them is sealed end to end.
 */
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** What a load balancer in front of both nodes would serve; every node is configured with it. */
    private static final String PUBLIC = "http://flydex.test";

    @TempDir
    Path dir;
    private TestPostgres database;
    private TestRedis redis;
    private ServerProcess nodeA;
    private ServerProcess nodeB;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        database = TestPostgres.create();
        redis = TestRedis.start();
        nodeA = node("node-a");
        nodeB = node("node-b");
        await().atMost(Duration.ofSeconds(60)).until(() -> nodeA.ready() && nodeB.ready());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        nodeA.close();
        nodeB.close();
        redis.close();
        database.close();
    }

    @Test
    void aPhoneOnNodeARunsATurnOnNodeBAndItsApprovalSurvivesNodeBDying() throws Exception {
        ClusterDesktop desktop = pairThroughNodeAOntoNodeB("turns@example.com");
        RelayClient phone = phoneOn(nodeA, desktop);
        Path work = Files.createDirectories(dir.resolve("work"));
        String thread = CodexTurns.startThread(phone, desktop.machineId(), work);

        CodexTurns.startTurn(phone, desktop.machineId(), thread, "CMD: echo one > one.txt");
        JsonNode first = awaitApproval(phone, thread, 0);
        assertThat(first.path("kind").asString()).isEqualTo("command");
        assertThat(first.path("command").asString()).contains("echo one");
        JsonNode accepted = respond(phone, desktop, first.path("approvalId").asString(), "k1");
        assertThat(accepted.path("result").path("decision").asString()).as(accepted.toString()).isEqualTo("accept");
        phone.await(f -> type(f, "approvalResolved") && f.path("approvalId").equals(first.path("approvalId")), WAIT);
        awaitTurnCompleted(phone, thread, 0);
        assertThat(CodexTurns.awaitCommandCompleted(phone, thread, 0).path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(work.resolve("one.txt"))).isEqualTo("one\n");

        int secondTurn = phone.received().size();
        CodexTurns.startTurn(phone, desktop.machineId(), thread, "CMD: echo two > two.txt");
        String pending = awaitApproval(phone, thread, secondTurn).path("approvalId").asString();
        int beforeKill = phone.received().size();
        nodeB.kill();

        await().atMost(WAIT).until(() -> desktop.helper().printed("connected to FlyDex " + nodeA.url));
        JsonNode again = awaitAfter(phone, beforeKill, f -> type(f, "approval")
                && f.path("approval").path("approvalId").asString("").equals(pending)).path("approval");
        assertThat(again.path("threadId").asString()).isEqualTo(thread);
        JsonNode answer = respond(phone, desktop, pending, "k2");
        assertThat(answer.path("result").path("decision").asString()).as(answer.toString()).isEqualTo("accept");
        awaitTurnCompleted(phone, thread, beforeKill);
        assertThat(CodexTurns.awaitCommandCompleted(phone, thread, beforeKill).path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(work.resolve("two.txt"))).isEqualTo("two\n");
    }

    @Test
    void afterARedisRestartWhileIdleTrafficFlowsAgainAndMeanwhileRpcsFailFast() throws Exception {
        ClusterDesktop desktop = pairThroughNodeAOntoNodeB("redis@example.com");
        RelayClient phone = phoneOn(nodeA, desktop);
        assertThat(phone.rpc(desktop.machineId(), "thread/list", "{}", WAIT).path("type").asString()).isEqualTo("result");

        redis.kill();
        long asked = System.nanoTime();
        JsonNode during = phone.rpc(desktop.machineId(), "thread/list", "{}", WAIT);
        assertThat(during.path("error").path("code").asString()).as(during.toString()).isEqualTo("relay_unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
        assertThat(nodeA.cli().get("/healthz").status()).isEqualTo(503);

        redis.restart();
        await().atMost(WAIT).until(() -> nodeA.cli().get("/healthz").status() == 200);
        await().atMost(WAIT).until(() -> phone.rpc(desktop.machineId(), "thread/list", "{}", WAIT).path("type").asString().equals("result"));
    }

    @Test
    void aClaimApprovedOnNodeAIsRefusedOnNodeBAndRateLimitsAreShared() {
        ApiClient phone = browser(nodeA);
        String token = phone.post("/api/auth/signup", Map.of("email", "claims@example.com", "password", "correct horse battery",
                "tokenInBody", true)).body().path("sessionToken").asString();
        ApiClient desktopPage = browser(nodeB);
        String code = desktopPage.post("/api/pairing/claims", Map.of("machineName", "desk", "platform", "linux-x64")).body()
                .path("claimCode").asString();

        assertThat(phone.post("/api/pairing/claims/approve", Map.of("claimCode", code)).status()).isEqualTo(200);
        ApiClient replay = nodeB.cli().withBearer(token);
        var replayed = replay.post("/api/pairing/claims/approve", Map.of("claimCode", code));
        assertThat(replayed.status()).isEqualTo(410);
        assertThat(replayed.errorCode()).isEqualTo("claim_gone");

        // 30 claims a minute per address (PairingRoutes.CREATE_PER_IP), counted across both nodes: one used above.
        for (int i = 1; i < 30; i++) {
            ServerProcess node = i % 2 == 0 ? nodeA : nodeB;
            assertThat(browser(node).post("/api/pairing/claims", Map.of("machineName", "desk", "platform", "linux-x64")).status())
                    .as("claim %d", i).isEqualTo(201);
        }
        var limited = browser(nodeA).post("/api/pairing/claims", Map.of("machineName", "desk", "platform", "linux-x64"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isPresent();
    }

    /** A helper told about both nodes, linked by a desktop page served by node A but registering with node B. */
    private ClusterDesktop pairThroughNodeAOntoNodeB(String email) throws Exception {
        ClusterDesktop desktop = ClusterDesktop.link(nodeA, nodeB, PUBLIC, dir, email);
        open.add(desktop);
        return desktop;
    }

    private RelayClient phoneOn(ServerProcess node, ClusterDesktop desktop) {
        RelayClient phone = CodexTurns.subscribed(node.url, PUBLIC, desktop.token(), desktop.phone(), desktop.machineId());
        open.add(phone);
        return phone;
    }

    private ServerProcess node(String id) throws Exception {
        var node = new ServerProcess(dir.resolve(id), ControlPlane.freePort(), List.of("--public-url", PUBLIC, "--node-id", id,
                "--database-url", database.jdbcUrl(), "--redis-url", redis.url()));
        return node;
    }

    private static ApiClient browser(ServerProcess node) {
        return node.cli().withOrigin(PUBLIC);
    }

    private static JsonNode respond(RelayClient phone, ClusterDesktop desktop, String approvalId, String key) {
        return phone.rpc(desktop.machineId(), "approval/respond", "{\"approvalId\":\"" + approvalId
                + "\",\"decision\":\"accept\",\"idempotencyKey\":\"" + key + "\"}", WAIT);
    }

    /** The first approval card of the thread among the frames received after the first {@code after}. */
    private static JsonNode awaitApproval(RelayClient phone, String thread, int after) {
        return awaitAfter(phone, after, f -> type(f, "approval") && f.path("approval").path("threadId").asString("").equals(thread))
                .path("approval");
    }

    private static void awaitTurnCompleted(RelayClient phone, String thread, int after) {
        JsonNode turn = awaitAfter(phone, after, f -> type(f, "event") && f.path("method").asString("").equals("turn/completed")
                && f.path("params").path("threadId").asString("").equals(thread)).path("params").path("turn");
        assertThat(turn.path("status").asString()).isEqualTo("completed");
    }

    private static JsonNode awaitAfter(RelayClient phone, int after, Predicate<JsonNode> match) {
        return await().atMost(WAIT).until(() -> phone.received().stream().skip(after).filter(match).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    private static boolean type(JsonNode frame, String type) {
        return frame.path("type").asString("").equals(type);
    }
}
