package net.flydex.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.server.machines.TestAgent;
import net.flydex.testkit.ApiClient;
import tools.jackson.databind.JsonNode;

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
            return new PairedMachine(harness, browser, agent, machineId, helper);
        }
    }

    /** A new /ws/client socket of this account's browser. */
    AgentSocketClient openBrowser() {
        return BrowserSockets.open(harness, browser);
    }

    /** Subscribes {@code socket}; answers the presence frame, all a subscribe brings. */
    JsonNode subscribe(AgentSocketClient socket) throws InterruptedException {
        socket.send(Map.of("type", "subscribe", "machineId", machineId));
        JsonNode presence = socket.next();
        assertThat(presence.path("type").asString()).as(presence.toString()).isEqualTo("machine");
        return presence;
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
