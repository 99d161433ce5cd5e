package net.flydex.helper.relay;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import net.flydex.helper.bridge.CodexBridge;
import net.flydex.helper.codex.CodexConfig;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.MutableClock;
import net.flydex.testkit.SharedCodex;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A relay agent on a real bridge to the real Codex (private app-server, scripted model), with a
 * fake uplink recording what it sends the server, and devices introduced to its helper key.
 */
final class RelayHarness implements AutoCloseable {
    static final String MACHINE = "mch_relay_test";

    final MutableClock clock = MutableClock.startingNow();
    final FakeUplink uplink = new FakeUplink();
    final HelperE2e e2e;
    final CodexBridge bridge;
    final RelayAgent relay;

    RelayHarness(SharedCodex codex, Path work) throws Exception {
        e2e = HelperE2e.open(work.resolve("state"), clock);
        var config = new CodexConfig(Optional.of(codex.install().binary()), codex.privateHome(work.resolve("codex-home")).dir(),
                CodexMode.PRIVATE, Duration.ofSeconds(20), "test");
        var events = new java.util.concurrent.atomic.AtomicReference<RelayAgent>();
        bridge = new CodexBridge(config, event -> Optional.ofNullable(events.get()).ifPresent(r -> r.forward(event)), Clock.systemUTC());
        relay = new RelayAgent(MACHINE, bridge, e2e, uplink, clock);
        events.set(relay);
        bridge.start();
        await().atMost(FakeUplink.WAIT).until(() -> bridge.status() == CodexStatus.READY);
    }

    SealedDevice device(String name) throws Exception {
        return SealedDevice.introduced(e2e, name, clock, MACHINE, relay, uplink);
    }

    /** {@code thread/start} params for a thread where every command asks for approval. */
    static JsonNode threadIn(Path cwd) {
        return WireJson.mapper().createObjectNode().put("cwd", cwd.toString()).put("approvalPolicy", "untrusted")
                .put("sandbox", "workspace-write");
    }

    static JsonNode turn(String threadId, String prompt) {
        ObjectNode params = WireJson.mapper().createObjectNode().put("threadId", threadId);
        params.putArray("input").addObject().put("type", "text").put("text", prompt);
        return params;
    }

    @Override
    public void close() {
        relay.close();
        bridge.close();
    }
}
