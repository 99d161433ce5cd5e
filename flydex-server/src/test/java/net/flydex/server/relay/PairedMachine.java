package net.flydex.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.server.machines.TestAgent;
import net.flydex.testkit.ApiClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An account with one paired machine whose helper is connected and welcomed. The test plays the
 * helper by hand: it reads the rpcs the relay forwards and writes answers and events.
 */
final class PairedMachine {
    final ServerHarness harness;
    final ApiClient browser;
    final TestAgent agent;
    final String machineId;
    final AgentSocketClient helper;

    private PairedMachine(ServerHarness harness, ApiClient browser, TestAgent agent, String machineId, AgentSocketClient helper) {
        this.harness = harness;
        this.browser = browser;
        this.agent = agent;
        this.machineId = machineId;
        this.helper = helper;
    }

    /**
     * Returns once the relay has heard the machine come online, not only once the helper read its
     * welcome (which the server sends just before it announces the machine): a browser a test
     * subscribes next could otherwise see that announcement late, after frames the test expects first.
     */
    static PairedMachine online(ServerHarness harness, String email) throws InterruptedException {
        ApiClient browser = harness.signedUpBrowser(email);
        var agent = new TestAgent(harness);
        String machineId = agent.pairWith(browser);
        try (AgentSocketClient watcher = BrowserSockets.open(harness, browser)) {
            watcher.send(Map.of("type", "subscribe", "machineId", machineId));
            assertThat(watcher.next().path("online").asBoolean()).isFalse();
            AgentSocketClient helper = agent.connect(machineId);
            assertThat(helper.next().path("type").asString()).isEqualTo("welcome");
            assertThat(watcher.next().path("online").asBoolean()).isTrue();
            var machine = new PairedMachine(harness, browser, agent, machineId, helper);
            // A machine that comes online with a subscriber is asked for its pending approvals: none.
            JsonNode ask = machine.nextRpc();
            assertThat(ask.path("method").asString()).isEqualTo("approvals/list");
            machine.answer(ask, WireJson.mapper().createObjectNode().set("approvals", WireJson.mapper().createArrayNode()));
            return machine;
        }
    }

    /** A new /ws/client socket of this account's browser. */
    AgentSocketClient openBrowser() {
        return BrowserSockets.open(harness, browser);
    }

    /** Subscribes {@code socket}, answers the relay's approvals/list with {@code approvals}; answers the presence frame. */
    JsonNode subscribe(AgentSocketClient socket, List<ObjectNode> approvals) throws InterruptedException {
        socket.send(Map.of("type", "subscribe", "machineId", machineId));
        JsonNode presence = socket.next();
        assertThat(presence.path("type").asString()).as(presence.toString()).isEqualTo("machine");
        JsonNode ask = nextRpc();
        assertThat(ask.path("method").asString()).isEqualTo("approvals/list");
        ObjectNode result = WireJson.mapper().createObjectNode();
        result.putArray("approvals").addAll(approvals);
        answer(ask, result);
        return presence;
    }

    JsonNode subscribe(AgentSocketClient socket) throws InterruptedException {
        return subscribe(socket, List.of());
    }

    /** The next frame the helper receives, which must be an rpc. */
    JsonNode nextRpc() throws InterruptedException {
        JsonNode rpc = helper.next();
        assertThat(rpc.path("type").asString()).as(rpc.toString()).isEqualTo("rpc");
        return rpc;
    }

    void answer(JsonNode rpc, JsonNode result) {
        helper.send(RelayFrames.result(rpc.path("id").asString(), result).toString());
    }
}
