package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.flydex.protocol.Decision;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.e2e.E2eFields;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The decision route against a helper the test plays: what reaches the helper, and how each answer maps to HTTP. */
class DecisionRouteTest {
    private static final Duration NOTHING_WITHIN = Duration.ofMillis(500);

    @AutoClose
    private final HelperWithPhones ada = HelperWithPhones.start("ada@example.com");
    private final ServerHarness harness = ada.harness;

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
    void aSealedDecisionReachesTheHelperUnreadAsE2eDecisionAndItsAnswerMapsAsForTheClearOne() throws Exception {
        var phone = ada.e2e.introduce("Ada's phone");
        String sealed = phone.client().sealDecision(phone.helper(), ada.machineId, "apv_1", Decision.ACCEPT, "tap-1");
        var deciding = Thread.ofVirtual().start(() -> {
            try {
                JsonNode frame = ada.helper.next();
                assertThat(frame.propertyNames()).containsExactlyInAnyOrder("type", "id", "deviceId", "approvalId", "sealed");
                assertThat(frame.path("type").asString()).isEqualTo("e2e/decision");
                assertThat(frame.path("id").asString()).startsWith("rly_");
                assertThat(frame.path("approvalId").asString()).isEqualTo("apv_1");
                var opened = ada.e2e.endpoint.openDecision(frame.path("deviceId").asString(), frame.path("approvalId").asString(),
                        frame.path("sealed").asString());
                assertThat(opened.idempotencyKey()).isEqualTo("tap-1");
                ada.helper.send(RelayFrames.result(frame.path("id").asString(), WireJson.mapper().readTree(
                        "{\"approvalId\":\"apv_1\",\"decision\":\"accept\",\"resolvedBy\":\"flydex\"}")).toString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        var decided = ada.account.post(route(ada.machineId, "apv_1"), Map.of("deviceId", phone.deviceId(), "sealed", sealed));
        deciding.join();
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        assertThat(decided.body().path("status").asString()).isEqualTo("applied");

        for (var answer : new Object[][] {{ErrorCode.DEVICE_UNKNOWN, 403}, {ErrorCode.E2E_REFUSED, 400}, {ErrorCode.E2E_REQUIRED, 400}}) {
            var refusing = Thread.ofVirtual().start(() -> {
                try {
                    JsonNode frame = ada.helper.next();
                    ada.helper.send(RelayFrames.error(frame.path("id").asString(), new RpcError((ErrorCode) answer[0], "no")).toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            var refused = ada.account.post(route(ada.machineId, "apv_1"), Map.of("deviceId", phone.deviceId(), "sealed", sealed));
            refusing.join();
            assertThat(refused.status()).isEqualTo(answer[1]);
            assertThat(refused.errorCode()).isEqualTo(((ErrorCode) answer[0]).wire());
        }
    }

    @Test
    void malformedSealedDecisionsAreBadRequestsThatQuoteNothingAndReachNoHelper() throws Exception {
        String route = route(ada.machineId, "apv_1");
        String device = "AAAAAAAAAAAAAAAAAAAAAA";
        String sealed = "A".repeat(200);
        String secret = "SECRETSECRETSECRETSECRET";
        List<Map<String, Object>> bodies = List.of(Map.of("deviceId", device), Map.of("sealed", sealed),
                Map.of("deviceId", secret, "sealed", sealed), Map.of("deviceId", device + "=", "sealed", sealed),
                Map.of("deviceId", 7, "sealed", sealed), Map.of("deviceId", device, "sealed", 7),
                Map.of("deviceId", device, "sealed", secret + "!"), Map.of("deviceId", device, "sealed", "AAAA"),
                Map.of("deviceId", device, "sealed", "A".repeat(E2eFields.MAX_ONE_SHOT_DECISION_CHARS + 1)),
                Map.of("deviceId", device, "sealed", sealed, "decision", "accept"),
                Map.of("deviceId", device, "sealed", sealed, "note", secret));
        for (Map<String, Object> body : bodies) {
            var refused = ada.account.post(route, body);
            assertThat(refused.status()).as(body.keySet().toString()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("bad_request");
            assertThat(refused.body().toString()).doesNotContain("SECRET").doesNotContain("AAAAAAAA");
        }
        assertThat(ada.helper.poll(NOTHING_WITHIN)).isEmpty();
    }

    @Test
    void anotherAccountsMachineAndIdsFlyDexCannotHaveMintedReachNoHelper() throws Exception {
        ApiClient eve = harness.signedUpBrowser("eve@example.com");
        var foreign = eve.post(route(ada.machineId, "apv_1"), Map.of("decision", "accept", "idempotencyKey", "k"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("not_found");
        var phone = ada.e2e.introduce("Ada's phone");
        var sealedForeign = eve.post(route(ada.machineId, "apv_1"), Map.of("deviceId", phone.deviceId(),
                "sealed", phone.client().sealDecision(phone.helper(), ada.machineId, "apv_1", Decision.ACCEPT, "k")));
        assertThat(sealedForeign.status()).isEqualTo(404);
        assertThat(sealedForeign.errorCode()).isEqualTo("not_found");
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

    /** More decisions than the node has threads, none answered yet: the node still serves, and each gets its answer when it comes. */
    @Test
    void decisionsWaitingForTheHelperHoldNoThreadOfTheNode() throws Exception {
        int waiting = 40;
        try (var taps = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var decided = new java.util.ArrayList<java.util.concurrent.Future<ApiClient.Response>>();
            for (int i = 0; i < waiting; i++) {
                String route = route(ada.machineId, "apv_" + i);
                decided.add(taps.submit(() -> ada.account.post(route, Map.of("decision", "decline", "idempotencyKey", "k"))));
            }
            for (int i = 0; i < waiting; i++) {
                assertThat(ada.helper.next().path("method").asString()).isEqualTo("approval/respond");
            }
            assertThat(ada.account.get("/healthz").status()).as("served while %d decisions wait", waiting).isEqualTo(200);
            ada.helper.close();
            for (var answer : decided) {
                assertThat(answer.get().errorCode()).isEqualTo("machine_offline");
            }
        }
    }

    private static String route(String machineId, String approvalId) {
        return "/api/machines/" + machineId + "/approvals/" + approvalId + "/decision";
    }
}
