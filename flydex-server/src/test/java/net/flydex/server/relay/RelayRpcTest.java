package net.flydex.server.relay;

import static net.flydex.server.relay.RelayTestServer.NOTHING_WITHIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.WireJson;
import net.flydex.server.accounts.Accounts;
import net.flydex.server.app.Backend;
import net.flydex.server.machines.AgentSocketClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class RelayRpcTest {
    @AutoClose
    private final RelayTestServer server = new RelayTestServer();

    @Test
    void anRpcGoesToTheHelperAndItsAnswerComesBackUnderTheBrowsersId() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        AgentSocketClient browser = ada.openBrowser();

        browser.send(rpc("c-1", ada.machineId, "thread/list", Map.of("limit", 5)));
        JsonNode forwarded = ada.nextRpc();
        assertThat(forwarded.path("id").asString()).startsWith("rly_").isNotEqualTo("c-1");
        assertThat(forwarded.path("method").asString()).isEqualTo("thread/list");
        assertThat(forwarded.path("params").path("limit").asInt()).isEqualTo(5);
        assertThat(forwarded.has("machineId")).as("the helper knows its own machine").isFalse();
        JsonNode result = WireJson.mapper().readTree("{\"data\":[{\"id\":\"thr_1\",\"preview\":\"hello\"}],\"nextCursor\":null}");
        ada.answer(forwarded, result);

        JsonNode answer = browser.next();
        assertThat(answer.path("type").asString()).isEqualTo("result");
        assertThat(answer.path("id").asString()).isEqualTo("c-1");
        assertThat(answer.path("result")).isEqualTo(result);

        browser.send(rpc("c-2", ada.machineId, "turn/interrupt", Map.of("threadId", "thr_1")));
        JsonNode second = ada.nextRpc();
        ada.helper.send(RelayFrames.error(second.path("id").asString(), new RpcError(ErrorCode.CODEX_ERROR, "no active turn")).toString());
        JsonNode error = browser.next();
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("id").asString()).isEqualTo("c-2");
        assertThat(error.path("error").path("code").asString()).isEqualTo("codex_error");
        assertThat(error.path("error").path("message").asString()).isEqualTo("no active turn");
    }

    @Test
    void aMethodOutsideTheAllowListNeverReachesTheHelper() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        AgentSocketClient browser = ada.openBrowser();

        for (String method : new String[] {"command/exec", "fs/readFile", "config/write", "thread/list/../../command/exec"}) {
            browser.send(rpc("x", ada.machineId, method, Map.of("command", "rm -rf /")));
            JsonNode answer = browser.next();
            assertThat(answer.path("id").asString()).isEqualTo("x");
            assertThat(answer.path("error").path("code").asString()).as(method).isEqualTo("method_not_allowed");
        }
        assertThat(ada.helper.poll(NOTHING_WITHIN)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anotherAccountsMachineIsNotFoundAndItsHelperReceivesNothing(Backend backend) throws Exception {
        PairedMachine ada = server.startWithAda(backend);
        AgentSocketClient mallory = server.stranger();

        mallory.send(rpc("steal", ada.machineId, "turn/start", Map.of("threadId", "thr_1")));
        JsonNode stolen = mallory.next();
        mallory.send(rpc("nobody", "mch_doesNotExistAnywhere123", "turn/start", Map.of()));
        JsonNode unknown = mallory.next();
        mallory.send(rpc("respond", ada.machineId, "approval/respond", Map.of("approvalId", "apv_x", "decision", "accept",
                "idempotencyKey", "k")));
        JsonNode respond = mallory.next();

        assertThat(stolen.path("error").path("code").asString()).isEqualTo("not_found");
        assertThat(respond.path("error").path("code").asString()).isEqualTo("not_found");
        assertThat(stolen.path("error")).as("another account's machine reads exactly like none").isEqualTo(unknown.path("error"));
        assertThat(ada.helper.poll(NOTHING_WITHIN)).isEmpty();
    }

    @Test
    void anOfflineMachineAnswersMachineOfflineAtOnce() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        ada.helper.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !ada.browser.get("/api/machines").body().path("machines").path(0)
                .path("online").asBoolean());
        AgentSocketClient browser = ada.openBrowser();

        Instant sent = Instant.now();
        browser.send(rpc("c-1", ada.machineId, "thread/list", Map.of()));
        JsonNode answer = browser.next();

        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(2));
        assertThat(answer.path("id").asString()).isEqualTo("c-1");
        assertThat(answer.path("error").path("code").asString()).isEqualTo("machine_offline");
    }

    @Test
    void aHelperThatDisconnectsAnswersItsPendingRpcsMachineOffline() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        AgentSocketClient browser = ada.openBrowser();

        browser.send(rpc("c-1", ada.machineId, "thread/read", Map.of("threadId", "thr_1")));
        browser.send(rpc("c-2", ada.machineId, "thread/list", Map.of()));
        ada.nextRpc();
        ada.nextRpc();
        ada.helper.close();

        JsonNode first = browser.next();
        JsonNode second = browser.next();
        assertThat(first.path("error").path("code").asString()).isEqualTo("machine_offline");
        assertThat(second.path("error").path("code").asString()).isEqualTo("machine_offline");
        assertThat(Set.of(first.path("id").asString(), second.path("id").asString())).containsExactlyInAnyOrder("c-1", "c-2");
    }

    @Test
    void anAnswerForAnotherMachinesRequestIsIgnored() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        PairedMachine eve = server.online("eve@example.com");
        AgentSocketClient browser = ada.openBrowser();

        browser.send(rpc("c-1", ada.machineId, "thread/list", Map.of()));
        JsonNode forwarded = ada.nextRpc();
        eve.answer(forwarded, WireJson.mapper().readTree("{\"forged\":true}"));
        assertThat(browser.poll(NOTHING_WITHIN)).as("eve's helper cannot answer ada's request").isEmpty();

        ada.answer(forwarded, WireJson.mapper().readTree("{\"data\":[]}"));
        assertThat(browser.next().path("result").has("data")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void afterTheTrialRpcsAnswerAccessExpiredButSubscribeStillWorks(Backend backend) throws Exception {
        PairedMachine ada = server.startWithAda(backend);
        AgentSocketClient browser = ada.openBrowser();
        server.harness().clock.advance(Accounts.TRIAL);

        browser.send(rpc("c-1", ada.machineId, "turn/start", Map.of("threadId", "thr_1")));
        JsonNode answer = browser.next();
        assertThat(answer.path("id").asString()).isEqualTo("c-1");
        assertThat(answer.path("error").path("code").asString()).isEqualTo("access_expired");

        assertThat(ada.subscribe(browser).path("online").asBoolean()).isTrue();
        assertThat(ada.helper.poll(NOTHING_WITHIN)).as("nothing reached the helper").isEmpty();
    }

    static Map<String, Object> rpc(String id, String machineId, String method, Map<String, Object> params) {
        return Map.of("type", "rpc", "id", id, "machineId", machineId, "method", method, "params", params);
    }
}
