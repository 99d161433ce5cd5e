package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The decision route against a helper the test plays: what reaches the helper, and how each answer maps to HTTP. */
class DecisionRouteTest {
    private static final Duration NOTHING_WITHIN = Duration.ofMillis(500);

    private HelperWithPhones ada;
    private ServerHarness harness;

    @BeforeEach
    void start() throws Exception {
        ada = HelperWithPhones.start("ada@example.com");
        harness = ada.harness;
    }

    @AfterEach
    void stop() {
        ada.close();
    }

    @Test
    void aDecisionReachesTheHelperAsApprovalRespondAndItsAnswersMapToStatuses() throws Exception {
        String route = route(ada.machineId, "apv_1");
        for (var answer : new Object[][] {
                {"{\"approvalId\":\"apv_1\",\"decision\":\"accept\",\"resolvedBy\":\"flydex\"}", 200, "applied"},
                {"{\"approvalId\":\"apv_1\",\"decision\":\"decline\",\"resolvedBy\":\"desktop\"}", 200, "answeredElsewhere"},
                {ErrorCode.ALREADY_RESOLVED, 409, "already_resolved"}, {ErrorCode.UNKNOWN_APPROVAL, 410, "unknown_approval"},
                {ErrorCode.CODEX_UNAVAILABLE, 503, "codex_unavailable"}}) {
            var deciding = Thread.ofVirtual().start(() -> {
                try {
                    JsonNode rpc = ada.helper.next();
                    assertThat(rpc.path("method").asString()).isEqualTo("approval/respond");
                    assertThat(rpc.path("params").toString()).isEqualTo("{\"approvalId\":\"apv_1\",\"decision\":\"accept\",\"idempotencyKey\":\"tap\"}");
                    String id = rpc.path("id").asString();
                    ada.helper.send(answer[0] instanceof ErrorCode code ? RelayFrames.error(id, new RpcError(code, "no")).toString()
                            : RelayFrames.result(id, WireJson.mapper().readTree((String) answer[0])).toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            var decided = ada.account.post(route, Map.of("decision", "accept", "idempotencyKey", "tap"));
            deciding.join();
            assertThat(decided.status()).as(decided.toString()).isEqualTo(answer[1]);
            String seen = decided.status() == 200 ? decided.body().path("status").asString() : decided.errorCode();
            assertThat(seen).isEqualTo(answer[2]);
        }
    }

    @Test
    void anotherAccountsMachineAndIdsFlyDexCannotHaveMintedReachNoHelper() throws Exception {
        ApiClient eve = harness.signedUpBrowser("eve@example.com");
        var foreign = eve.post(route(ada.machineId, "apv_1"), Map.of("decision", "accept", "idempotencyKey", "k"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("not_found");
        for (String path : new String[] {route("mch_nope", "apv_1"), route(ada.machineId, "apv%2F..%2Fx"), route(ada.machineId, "a".repeat(65))}) {
            assertThat(ada.account.post(path, Map.of("decision", "accept", "idempotencyKey", "k")).errorCode()).as(path).isEqualTo("not_found");
        }
        assertThat(ada.helper.poll(NOTHING_WITHIN)).isEmpty();
    }

    @Test
    void anExpiredTrialAndAnOfflineHelperAnswerWithoutReachingIt() throws Exception {
        String route = route(ada.machineId, "apv_1");
        ada.helper.close();
        var offline = ada.account.post(route, Map.of("decision", "decline", "idempotencyKey", "k"));
        assertThat(offline.status()).isEqualTo(503);
        assertThat(offline.errorCode()).isEqualTo("machine_offline");

        harness.clock.advance(Duration.ofDays(4));
        var expired = ada.account.post(route, Map.of("decision", "decline", "idempotencyKey", "k"));
        assertThat(expired.status()).isEqualTo(402);
        assertThat(expired.errorCode()).isEqualTo("access_expired");
    }

    private static String route(String machineId, String approvalId) {
        return "/api/machines/" + machineId + "/approvals/" + approvalId + "/decision";
    }
}
