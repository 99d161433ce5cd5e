package net.flydex.helper.bridge;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import net.flydex.helper.codex.CodexConfig;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.CodexItems;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A real bridge to the real Codex, with every event it emits recorded for assertions. */
final class BridgeHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    final CodexBridge bridge;
    final List<BridgeEvent> events = new CopyOnWriteArrayList<>();

    BridgeHarness(Optional<Path> binary, Path codexHome, CodexMode mode) {
        var config = new CodexConfig(binary, codexHome, mode, Duration.ofSeconds(20), "test");
        bridge = new CodexBridge(config, events::add, Clock.systemUTC());
        bridge.start();
    }

    BridgeHarness awaitReady() {
        await().atMost(WAIT).until(() -> bridge.status() == CodexStatus.READY);
        return this;
    }

    JsonNode call(String method, JsonNode params) {
        try {
            return bridge.call(method, params).get();
        } catch (Exception e) {
            throw RpcException.of(e);
        }
    }

    JsonNode call(String method, String json) {
        return call(method, WireJson.mapper().readTree(json));
    }

    /** Starts a thread where every command and patch asks for approval. */
    String startThread(Path cwd) {
        ObjectNode params = WireJson.mapper().createObjectNode().put("cwd", cwd.toString())
                .put("approvalPolicy", "untrusted").put("sandbox", "workspace-write");
        return call("thread/start", params).path("thread").path("id").asString();
    }

    String startTurn(String threadId, String prompt) {
        ObjectNode params = WireJson.mapper().createObjectNode().put("threadId", threadId);
        params.putArray("input").addObject().put("type", "text").put("text", prompt);
        return call("turn/start", params).path("turn").path("id").asString();
    }

    Approval awaitApproval(String threadId) {
        return awaitEvent(BridgeEvent.ApprovalRequested.class, e -> e.approval().threadId().equals(threadId)).approval();
    }

    ApprovalResolution awaitResolution(String approvalId) {
        return awaitEvent(BridgeEvent.ApprovalResolved.class, e -> e.resolution().approvalId().equals(approvalId)).resolution();
    }

    /** The turn/completed notification's turn object. */
    JsonNode awaitTurnCompleted(String threadId) {
        return awaitEvent(BridgeEvent.CodexNotification.class, n -> n.method().equals("turn/completed")
                && n.params().path("threadId").asString("").equals(threadId)).params().path("turn");
    }

    /** The thread's command item as Codex completed it ({@link CodexItems}). */
    JsonNode awaitCommandCompleted(String threadId) {
        return awaitEvent(BridgeEvent.CodexNotification.class, n -> CodexItems.commandCompleted(n.method(), n.params(), threadId))
                .params().path("item");
    }

    JsonNode respond(String approvalId, String decision, String key) {
        return call("approval/respond", WireJson.mapper().createObjectNode()
                .put("approvalId", approvalId).put("decision", decision).put("idempotencyKey", key));
    }

    <T extends BridgeEvent> T awaitEvent(Class<T> type, Predicate<T> match) {
        return await().atMost(WAIT).until(() -> find(type, match), Optional::isPresent).orElseThrow();
    }

    <T extends BridgeEvent> long count(Class<T> type, Predicate<T> match) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(match).count();
    }

    private <T extends BridgeEvent> Optional<T> find(Class<T> type, Predicate<T> match) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(match).findFirst();
    }

    @Override
    public void close() {
        bridge.close();
    }
}
