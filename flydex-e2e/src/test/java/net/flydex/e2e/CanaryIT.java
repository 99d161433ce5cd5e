package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.flydex.protocol.MachineKeys;
import net.flydex.protocol.Decision;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import net.flydex.testkit.RelayClient;
import net.flydex.testkit.SharedCodex;
import net.flydex.testkit.TestPostgres;
import net.flydex.testkit.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * T12: secrets and content never reach the database or the logs. Canary strings (passwords,
 * fields that should never be kept, malformed bodies) and every secret the server issues are
 * pushed through every route and the agent socket of a real server process; afterwards its
 * database files and everything it logged are searched for them.
 *
 * <p>T13: with end-to-end encryption the control plane cannot read content at all. A prompt and
 * an approved command carrying canary strings cross a two-node cluster (phone on one node, helper
 * on the other, Redis between them, pushes to a phone whose page is closed, the approval given
 * from the notification); the canaries appear in none of what the control plane holds or emits:
 * its memory (heap dumps, unreachable objects too), its database (PostgreSQL dump and data
 * directories), its logs, the Redis traffic (MONITOR) and the push service's received bodies.
 */
class CanaryIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void noSecretOrCanaryIsStoredOrLogged() throws Exception {
        List<String> secrets = new ArrayList<>(List.of("canary-password-7f3a9c01", "canary-wrong-password-8b2d",
                "canary-extra-field-5e1f", "canary-malformed-2c7a", "canary-claim-guess-9d0b", "canary-signature-4a6e",
                "canary-poll-guess-3f8c", "canary-connect-guess-6b1d"));
        try (var server = new ServerProcess(dir.resolve("data"))) {
            await().atMost(WAIT).until(server::ready);
            ApiClient phone = server.browser();
            JsonNode signup = phone.post("/api/auth/signup", Map.of("email", "canary@example.com",
                    "password", "canary-password-7f3a9c01", "note", "canary-extra-field-5e1f", "tokenInBody", true)).body();
            secrets.add(signup.path("sessionToken").asString());
            secrets.add(signup.path("refreshToken").asString());
            server.cli().post("/api/auth/signin", Map.of("email", "canary@example.com", "password", "canary-wrong-password-8b2d"));
            server.cli().raw("POST", "/api/auth/signin", "application/json",
                    "{\"email\":\"canary-malformed-2c7a".getBytes(StandardCharsets.UTF_8));
            JsonNode other = server.cli().post("/api/auth/signup", Map.of("email", "canary2@example.com",
                    "password", "canary-password-7f3a9c01", "tokenInBody", true)).body();
            JsonNode refreshed = server.cli().post("/api/auth/refresh",
                    Map.of("refreshToken", other.path("refreshToken").asString(), "tokenInBody", true)).body();
            secrets.add(refreshed.path("sessionToken").asString());
            secrets.add(refreshed.path("refreshToken").asString());

            ApiClient desktop = server.browser();
            JsonNode claim = desktop.post("/api/pairing/claims", Map.of("machineName", "desk", "platform", "linux-x64")).body();
            String code = URI.create(claim.path("pairUrl").asString()).getFragment();
            secrets.add(code);
            secrets.add(claim.path("pollToken").asString());
            phone.post("/api/pairing/claims/inspect", Map.of("claimCode", "canary-claim-guess-9d0b"));
            phone.post("/api/pairing/claims/approve", Map.of("claimCode", code));
            desktop.post("/api/pairing/claims/status", Map.of("pollToken", "canary-poll-guess-3f8c"));
            JsonNode status = desktop.post("/api/pairing/claims/status", Map.of("pollToken", claim.path("pollToken").asString(),
                    "tokenInBody", true)).body();
            secrets.add(status.path("sessionToken").asString());
            secrets.add(status.path("refreshToken").asString());

            JsonNode local = desktop.post("/api/local-connect/start", "{}").body();
            String connectToken = local.path("connectToken").asString();
            secrets.add(connectToken);
            var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            server.cli().post("/api/machines/register", Map.of("connectToken", "canary-connect-guess-6b1d",
                    "publicKey", "AAAA", "name", "x", "platform", "linux-x64", "helperVersion", "1"));
            String machineId = server.cli().post("/api/machines/register", Map.of("connectToken", connectToken,
                    "publicKey", Base64.getEncoder().encodeToString(MachineKeys.raw(keys.getPublic())), "name", "desk",
                    "platform", "linux-x64", "helperVersion", "1")).body().path("machineId").asString();
            desktop.post("/api/local-connect/" + local.path("id").asString() + "/finalize", "{}");
            helloWithSignature(server.url, machineId, "canary-signature-4a6e");
            phone.patch("/api/machines/" + machineId, Map.of("name", "renamed desk"));
            phone.get("/api/machines");
            phone.delete("/api/machines/" + machineId);
            phone.post("/api/auth/signout", "{}");
            server.stop();

            assertThat(secrets).doesNotContain("");
            String stored = readAll(server.dataDir);
            String logged = String.join("\n", server.output);
            assertThat(logged).contains("flydex-server ready");
            for (String secret : secrets) {
                assertThat(stored).as("database files").doesNotContain(secret);
                assertThat(logged).as("logs").doesNotContain(secret);
            }
            assertThat(stored).as("the events happened and were audited").contains("MACHINE_REVOKED", "SIGNIN_FAILED", "AGENT_REFUSED");
        }
    }

    @Test
    void sealedContentCrossesTheClusterAndNeverAppearsInTheControlPlane() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        String promptCanary = "canary-prompt-" + run;
        String commandCanary = "canary-command-" + run;
        String email = "canary-e2e-" + run + "@example.com";
        String publicOrigin = "http://flydex.test";
        Path work = Files.createDirectories(dir.resolve("work"));
        try (var database = TestPostgres.create(); var redis = TestRedis.start(); var push = FakePushService.start();
                var monitor = redis.monitor()) {
            List<String> cluster = List.of("--public-url", publicOrigin, "--database-url", database.jdbcUrl(), "--redis-url", redis.url(),
                    "--push-allow-endpoint", push.prefix());
            try (var nodeA = node(dir.resolve("node-a"), "node-a", cluster); var nodeB = node(dir.resolve("node-b"), "node-b", cluster)) {
                await().atMost(WAIT).until(() -> nodeA.ready() && nodeB.ready());
                try (var desktop = ClusterDesktop.link(nodeA, nodeB, publicOrigin, dir, email)) {
                    PushBrowser notifications = push.newBrowser();
                    assertThat(desktop.owner().post("/api/push/subscriptions", notifications.subscription(desktop.phone().deviceId()))
                            .status()).isEqualTo(201);
                    try (RelayClient phone = CodexTurns.subscribed(nodeA.url, publicOrigin, desktop.token(), desktop.phone(),
                            desktop.machineId())) {
                        String thread = CodexTurns.startThread(phone, desktop.machineId(), work);
                        CodexTurns.startTurn(phone, desktop.machineId(), thread, "SAY: " + promptCanary);
                        phone.await(f -> f.path("method").asString("").equals("turn/completed"), WAIT);
                        CodexTurns.startTurn(phone, desktop.machineId(), thread, "CMD: echo " + commandCanary);

                        JsonNode pushed = notifications.next(WAIT).payload().orElseThrow();
                        String approvalId = pushed.path("approvalId").asString();
                        assertThat(desktop.phone().openPush(desktop.machineId(), "approval", approvalId, pushed.path("sealed").asString())
                                .path("command").asString()).contains(commandCanary);
                        var decided = desktop.owner().post("/api/machines/" + desktop.machineId() + "/approvals/" + approvalId + "/decision",
                                Map.of("deviceId", desktop.phone().deviceId(), "sealed", desktop.phone().sealDecision(desktop.machineId(),
                                        approvalId, Decision.ACCEPT, "canary-tap")));
                        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
                        await().atMost(WAIT).until(() -> phone.received().stream()
                                .filter(f -> f.path("method").asString("").equals("turn/completed")).count() == 2);
                        assertThat(notifications.next(WAIT)).as("the resolution's push").isNotNull();
                        JsonNode read = phone.rpc(desktop.machineId(), "thread/read", "{\"threadId\":\"" + thread + "\",\"includeTurns\":true}",
                                WAIT);
                        assertThat(read.toString()).as("the phone read both back").contains(promptCanary, commandCanary);
                    }
                    assertThat(SharedCodex.get().model().requests()).as("Codex saw them")
                            .anySatisfy(r -> assertThat(r.body().toString()).contains(promptCanary))
                            .anySatisfy(r -> assertThat(r.body().toString()).contains(commandCanary));

                    String[] canaries = {promptCanary, commandCanary};
                    for (ServerProcess node : List.of(nodeA, nodeB)) {
                        byte[] heap = heapDump(node, dir.resolve(node.dataDir.getFileName() + ".hprof"));
                        assertThat(containsAnyEncoding(heap, desktop.machineId())).as("the dump is searchable: the machine id the node routes by is in it")
                                .isTrue();
                        for (String canary : canaries) {
                            assertThat(containsAnyEncoding(heap, canary)).as("%s in the heap of %s", canary, node.dataDir).isFalse();
                        }
                        assertThat(String.join("\n", node.output)).as("logs").doesNotContain(canaries);
                        assertThat(readAll(node.dataDir)).as("data directory").doesNotContain(canaries);
                    }
                    String dump = pgDump(database);
                    assertThat(dump).as("the dump is searchable").contains(email);
                    assertThat(dump).as("database").doesNotContain(canaries);
                    String redisTraffic = new String(monitor.bytes(), StandardCharsets.ISO_8859_1);
                    assertThat(redisTraffic).as("Redis carried the relay's frames").contains(desktop.machineId());
                    assertThat(redisTraffic).as("Redis traffic").doesNotContain(canaries);
                    assertThat(push.bodies()).as("pushes were sent").isNotEmpty();
                    for (byte[] body : push.bodies()) {
                        assertThat(containsAnyEncoding(body, promptCanary) || containsAnyEncoding(body, commandCanary)).isFalse();
                    }
                }
            }
        }
    }

    private static ServerProcess node(Path dataDir, String id, List<String> cluster) throws Exception {
        var flags = new ArrayList<>(cluster);
        flags.addAll(List.of("--node-id", id));
        return new ServerProcess(dataDir, ControlPlane.freePort(), flags);
    }

    /** {@code jcmd <pid> GC.heap_dump -all}: every object, unreachable ones too, as the node holds them now. */
    private static byte[] heapDump(ServerProcess node, Path file) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(node.pid()),
                "GC.heap_dump", "-all", file.toString()).redirectErrorStream(true).start();
        String said = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor()).as(said).isZero();
        return Files.readAllBytes(file);
    }

    /** {@code pg_dump} of the cluster's database as text: every table and row. */
    private static String pgDump(TestPostgres database) throws Exception {
        java.net.URI url = java.net.URI.create(database.jdbcUrl().substring("jdbc:".length()));
        Process dump = new ProcessBuilder("pg_dump", "-h", url.getHost(), "-p", Integer.toString(url.getPort()), "-U", "postgres",
                url.getPath().substring(1)).redirectErrorStream(true).start();
        String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dump.waitFor()).as(text).isZero();
        return text;
    }

    /** Whether the bytes hold the text as Latin-1/UTF-8 (compact strings, byte arrays) or UTF-16 in either byte order. */
    private static boolean containsAnyEncoding(byte[] haystack, String text) {
        return indexOf(haystack, text.getBytes(StandardCharsets.UTF_8)) >= 0 || indexOf(haystack, text.getBytes(StandardCharsets.UTF_16LE)) >= 0
                || indexOf(haystack, text.getBytes(StandardCharsets.UTF_16BE)) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (haystack[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Opens /ws/agent and answers the challenge with a forged signature; the server must refuse it. */
    private static void helloWithSignature(URI server, String machineId, String signature) throws Exception {
        try (AgentSocketClient agent = AgentSocketClient.open(server)) {
            agent.challengeNonce();
            agent.send(Map.of("type", "hello", "machineId", machineId, "signature", signature, "helperVersion", "1", "codexStatus", "ready"));
            assertThat(agent.awaitClose()).isEqualTo(4401);
        }
    }

    private static String readAll(Path dataDir) throws Exception {
        var text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }
}
