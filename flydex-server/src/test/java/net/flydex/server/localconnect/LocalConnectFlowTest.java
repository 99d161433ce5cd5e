package net.flydex.server.localconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.TestAgent;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LocalConnectFlowTest {
    private ServerHarness harness;
    private ApiClient browser;
    private TestAgent agent;

    @BeforeEach
    void start() throws Exception {
        harness = ServerHarness.sqlite();
        browser = harness.signedUpBrowser("ada@example.com");
        agent = new TestAgent(harness);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void theHelperRegistersReportsAndLearnsOfTheFinalizeAndTheHistoryKeepsEveryStepInOrder() {
        var started = browser.post("/api/local-connect/start", "{}");
        assertThat(started.status()).isEqualTo(201);
        assertThat(started.body().path("status").asString()).isEqualTo("created");
        assertThat(started.body().path("connectToken").asString()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(Instant.parse(started.body().path("expiresAt").asString()))
                .isEqualTo(harness.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plus(LocalConnects.LIFETIME));
        String id = started.body().path("id").asString();
        String token = started.body().path("connectToken").asString();
        assertThat(view(id).has("machineId")).isFalse();

        assertThat(agent.report(id, token, "connecting").body().path("finalized").asBoolean()).isFalse();
        harness.clock.advance(Duration.ofSeconds(1));
        var registered = agent.register(token);
        assertThat(registered.status()).isEqualTo(200);
        String machineId = registered.body().path("machineId").asString();
        assertThat(machineId).startsWith("mch_");
        assertThat(agent.report(id, token, "registered").status()).as("a repeat is a retry").isEqualTo(200);
        harness.clock.advance(Duration.ofSeconds(1));
        assertThat(agent.report(id, token, "awaiting_browser_finalize").body().path("finalized").asBoolean()).isFalse();
        assertThat(view(id).path("machineId").asString()).isEqualTo(machineId);
        assertThat(view(id).path("machineKeyFingerprint").asString()).isEqualTo(agent.fingerprint());

        var finalized = browser.post("/api/local-connect/" + id + "/finalize", "{}");
        assertThat(finalized.status()).isEqualTo(200);
        assertThat(finalized.body().path("status").asString()).isEqualTo("awaiting_browser_finalize");
        assertThat(agent.report(id, token, "awaiting_browser_finalize").body().path("finalized").asBoolean()).isTrue();
        harness.clock.advance(Duration.ofSeconds(1));
        assertThat(agent.report(id, token, "codex_starting").body().path("finalized").asBoolean()).isTrue();
        assertThat(agent.report(id, token, "codex_ready").status()).isEqualTo(200);

        JsonNode done = view(id);
        assertThat(done.path("status").asString()).isEqualTo("codex_ready");
        assertThat(done.path("finalized").asBoolean()).isTrue();
        List<String> statuses = done.path("history").valueStream().map(step -> step.path("status").asString()).toList();
        assertThat(statuses).containsExactly("created", "connecting", "registered", "awaiting_browser_finalize", "codex_starting",
                "codex_ready");
        List<Instant> times = done.path("history").valueStream().map(step -> Instant.parse(step.path("at").asString())).toList();
        assertThat(times).isSorted();
        assertThat(times.get(2)).isAfter(times.get(1));
        assertThat(agent.report(id, token, "codex_ready").status()).as("the session has ended").isEqualTo(401);
        assertThat(machineNames()).containsExactly("Ada's laptop");
        var audited = harness.server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT machine_id, subject_id FROM audit_events WHERE kind = 'MACHINE_REGISTERED'").mapToMap().list());
        assertThat(audited).containsExactly(Map.of("machine_id", machineId, "subject_id", id));
    }

    @Test
    void statusesOnlyMoveForwardAndCodexWaitsForTheBrowser() {
        var started = browser.post("/api/local-connect/start", "{}");
        String id = started.body().path("id").asString();
        String token = started.body().path("connectToken").asString();

        assertThat(agent.report(id, token, "awaiting_browser_finalize").errorCode()).as("before register").isEqualTo("conflict");
        assertThat(browser.post("/api/local-connect/" + id + "/finalize", "{}").errorCode()).as("nothing to finalize").isEqualTo("conflict");
        agent.register(token);
        assertThat(agent.report(id, token, "connecting").status()).as("backwards").isEqualTo(409);
        assertThat(agent.report(id, token, "codex_starting").status()).as("before the finalize").isEqualTo(409);
        assertThat(agent.report(id, token, "codex_ready").status()).as("before the finalize").isEqualTo(409);
        for (String invalid : new String[] {"created", "expired", "done", "CODEX_READY", ""}) {
            assertThat(agent.report(id, token, invalid).errorCode()).as(invalid).isEqualTo("bad_request");
        }
        assertThat(view(id).path("status").asString()).isEqualTo("registered");
    }

    @Test
    void aConnectTokenRegistersOneMachineOnly() {
        var started = browser.post("/api/local-connect/start", "{}");
        String token = started.body().path("connectToken").asString();

        assertThat(agent.register(token).status()).isEqualTo(200);
        var again = agent.register(token);
        var otherKey = new TestAgent(harness).register(token);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("conflict");
        assertThat(otherKey.status()).isEqualTo(409);
        assertThat(new TestAgent(harness).register("not-a-token").status()).isEqualTo(401);
    }

    @Test
    void aSessionNotFinalizedInTimeFailsAndItsFirstTimeMachineIsDropped() throws Exception {
        var started = browser.post("/api/local-connect/start", "{}");
        String id = started.body().path("id").asString();
        String token = started.body().path("connectToken").asString();
        String machineId = agent.register(token).body().path("machineId").asString();
        agent.report(id, token, "awaiting_browser_finalize");

        harness.clock.advance(LocalConnects.LIFETIME);
        try (var socket = agent.connect(machineId)) {
            assertThat(socket.awaitClose()).as("dropped, even before the session is read").isEqualTo(4401);
        }
        assertThat(agent.report(id, token, "awaiting_browser_finalize").status()).isEqualTo(401);
        assertThat(browser.post("/api/local-connect/" + id + "/finalize", "{}").errorCode()).isEqualTo("conflict");
        JsonNode expired = view(id);
        assertThat(expired.path("status").asString()).isEqualTo("expired");
        assertThat(expired.path("history").get(expired.path("history").size() - 1).path("at").asString())
                .isEqualTo(started.body().path("expiresAt").asString());
        assertThat(machineNames()).isEmpty();

        String again = agent.pairWith(browser);
        assertThat(again).as("a new machine, not the dropped one").isNotEqualTo(machineId);
        assertThat(machineNames()).hasSize(1);
    }

    @Test
    void aFailureBeforeTheFinalizeEndsTheSessionAndDropsTheNewMachineButKeepsTheReason() {
        var started = browser.post("/api/local-connect/start", "{}");
        String id = started.body().path("id").asString();
        String token = started.body().path("connectToken").asString();
        agent.register(token);

        var failed = harness.cli().post("/api/local-connect/" + id + "/agent-status",
                Map.of("connectToken", token, "status", "error", "detail", "  disk\r\nfull\u202e \u0007"));
        assertThat(failed.status()).isEqualTo(200);
        JsonNode history = view(id).path("history");
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("status").asString()).isEqualTo("error");
        assertThat(last.path("detail").asString()).isEqualTo("diskfull");
        assertThat(agent.report(id, token, "codex_ready").status()).isEqualTo(401);
        assertThat(browser.post("/api/local-connect/" + id + "/finalize", "{}").status()).isEqualTo(409);
        assertThat(machineNames()).isEmpty();
    }

    @Test
    void theConnectTokenMayComeAsABearerTokenButTwoDifferentOnesAreRefused() {
        var started = browser.post("/api/local-connect/start", "{}");
        String id = started.body().path("id").asString();
        String token = started.body().path("connectToken").asString();
        String other = browser.post("/api/local-connect/start", "{}").body().path("connectToken").asString();
        String path = "/api/local-connect/" + id + "/agent-status";

        assertThat(harness.cli().withBearer(token).post(path, Map.of("status", "connecting")).status()).isEqualTo(200);
        assertThat(harness.cli().withBearer(other).post(path, Map.of("connectToken", token, "status", "connecting")).status())
                .isEqualTo(401);
        assertThat(harness.cli().withBearer(other).post(path, Map.of("status", "connecting")).status())
                .as("another session's token").isEqualTo(401);
        assertThat(harness.cli().post(path, Map.of("status", "connecting")).status()).isEqualTo(401);
    }

    @Test
    void anotherAccountsLocalConnectReadsAsNotFoundAndStaysUntouched() {
        ApiClient mallory = harness.signedUpBrowser("mallory@example.com");
        var started = browser.post("/api/local-connect/start", "{}");
        String id = started.body().path("id").asString();
        agent.register(started.body().path("connectToken").asString());

        var peek = mallory.get("/api/local-connect/" + id);
        var finalize = mallory.post("/api/local-connect/" + id + "/finalize", "{}");
        var unknown = mallory.get("/api/local-connect/lc_doesnotexist");

        assertThat(peek.status()).isEqualTo(404);
        assertThat(finalize.status()).isEqualTo(404);
        assertThat(peek.body()).isEqualTo(unknown.body());
        assertThat(finalize.body()).isEqualTo(unknown.body());
        assertThat(view(id).path("finalized").asBoolean()).isFalse();
    }

    @Test
    void malformedInputAnswers400AndNeverChangesAnything() {
        var started = browser.post("/api/local-connect/start", "{}");
        String id = started.body().path("id").asString();
        String token = started.body().path("connectToken").asString();
        String key = agent.publicKey();
        List<String[]> cases = List.of(
                new String[] {"/api/local-connect/start", "{"},
                new String[] {"/api/local-connect/start", "[]"},
                new String[] {"/api/local-connect/" + id + "/finalize", "{\"a\":1,\"a\":2}"},
                new String[] {"/api/local-connect/" + id + "/agent-status", "{\"connectToken\":\"" + token + "\",\"status\":7}"},
                new String[] {"/api/local-connect/" + id + "/agent-status", "{\"connectToken\":\"" + token + "\"}"},
                new String[] {"/api/local-connect/" + id + "/agent-status",
                        "{\"connectToken\":\"" + token + "\",\"status\":\"error\",\"detail\":\"" + "x".repeat(201) + "\"}"},
                new String[] {"/api/local-connect/" + id + "/agent-status", "{\"connectToken\":\"" + token + "\",\"status\":{\"$gt\":1}}"},
                new String[] {"/api/machines/register", registerBody(token, "\"" + key + "\"", "\"box\"", "\"linux-x64\"", "\"1\"")
                        .replace("\"box\"", "\"\"")},
                new String[] {"/api/machines/register", registerBody(token, "\"AAAA\"", "\"box\"", "\"linux-x64\"", "\"1\"")},
                new String[] {"/api/machines/register", registerBody(token, "\"not base64!\"", "\"box\"", "\"linux-x64\"", "\"1\"")},
                new String[] {"/api/machines/register", registerBody(token, "32", "\"box\"", "\"linux-x64\"", "\"1\"")},
                new String[] {"/api/machines/register", registerBody(token, "\"" + key + "\"", "\"box\\r\\nINFO forged\"", "\"linux-x64\"", "\"1\"")},
                new String[] {"/api/machines/register", registerBody(token, "\"" + key + "\"", "\"evil\\u202etxt.exe\"", "\"linux-x64\"", "\"1\"")},
                new String[] {"/api/machines/register", registerBody(token, "\"" + key + "\"", "\"" + "n".repeat(65) + "\"", "\"linux-x64\"", "\"1\"")},
                new String[] {"/api/machines/register", registerBody(token, "\"" + key + "\"", "\"box\"", "\"Linux X64\"", "\"1\"")},
                new String[] {"/api/machines/register", registerBody(token, "\"" + key + "\"", "\"box\"", "\"linux-x64\"", "\"" + "1".repeat(33) + "\"")},
                new String[] {"/api/machines/register", registerBody(token, "\"" + key + "\"", "\"box\"", "\"linux-x64\"", "[\"1\"]")},
                new String[] {"/api/machines/register", "{\"connectToken\":\"" + token + "\"," + "\"x\":".repeat(1) + "[".repeat(300) + "]".repeat(300) + "}"});
        for (String[] request : cases) {
            var response = browser.raw("POST", request[0], "application/json", request[1].getBytes());
            assertThat(response.status()).as(request[1]).isEqualTo(400);
            assertThat(response.errorCode()).as(request[1]).isEqualTo("bad_request");
        }
        var huge = browser.raw("POST", "/api/machines/register", "application/json", new byte[200 * 1024]);
        assertThat(huge.status()).isIn(400, 413);
        assertThat(view(id).path("status").asString()).isEqualTo("created");
        assertThat(agent.register(token).status()).as("the token is still unused").isEqualTo(200);
    }

    @Test
    void sessionRoutesNeedASessionAndTheBrowsersOwnOrigin() {
        var started = browser.post("/api/local-connect/start", "{}");
        String id = started.body().path("id").asString();

        ApiClient signedOut = harness.browser();
        assertThat(signedOut.post("/api/local-connect/start", "{}").status()).isEqualTo(401);
        assertThat(signedOut.get("/api/local-connect/" + id).status()).isEqualTo(401);
        assertThat(signedOut.post("/api/local-connect/" + id + "/finalize", "{}").errorCode()).isEqualTo("unauthorized");
        assertThat(harness.cli().withBearer("not-a-session").post("/api/local-connect/start", "{}").status()).isEqualTo(401);
        browser.withOrigin("https://evil.example");
        assertThat(browser.post("/api/local-connect/start", "{}").errorCode()).isEqualTo("bad_origin");
        assertThat(browser.post("/api/local-connect/" + id + "/finalize", "{}").status()).isEqualTo(403);
        var foreignHelper = harness.cli().withOrigin("https://evil.example").post("/api/machines/register",
                Map.of("connectToken", started.body().path("connectToken").asString(), "publicKey", agent.publicKey(), "name", "x",
                        "platform", "linux", "helperVersion", "1"));
        assertThat(foreignHelper.status()).isEqualTo(403);
    }

    @Test
    void startingIsRateLimitedPerAccount() {
        ApiClient.Response last = null;
        for (int i = 0; i <= LocalConnectRoutes.START_PER_ACCOUNT.permits(); i++) {
            last = browser.post("/api/local-connect/start", "{}");
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isPresent();
    }

    private static String registerBody(String token, String publicKey, String name, String platform, String helperVersion) {
        return "{\"connectToken\":\"" + token + "\",\"publicKey\":" + publicKey + ",\"name\":" + name + ",\"platform\":" + platform
                + ",\"helperVersion\":" + helperVersion + "}";
    }

    private JsonNode view(String id) {
        var response = browser.get("/api/local-connect/" + id);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private List<String> machineNames() {
        return browser.get("/api/machines").body().path("machines").valueStream().map(m -> m.path("name").asString()).toList();
    }
}
