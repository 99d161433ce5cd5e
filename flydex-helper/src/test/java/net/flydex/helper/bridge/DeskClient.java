package net.flydex.helper.bridge;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.flydex.helper.codex.DaemonSocketTransport;
import net.flydex.helper.codex.JsonRpcConnection;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A second daemon client standing in for the person's TUI at the desk. */
final class DeskClient implements JsonRpcConnection.Handler, AutoCloseable {
    record Request(JsonNode id, String method, JsonNode params) {}

    record Notification(String method, JsonNode params) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Notification> notifications = new CopyOnWriteArrayList<>();
    private final JsonRpcConnection rpc = new JsonRpcConnection(this, Duration.ofSeconds(20));

    DeskClient(Path socket) throws Exception {
        rpc.bind(DaemonSocketTransport.connect(socket, rpc));
        ObjectNode init = WireJson.mapper().createObjectNode();
        init.putObject("clientInfo").put("name", "desk_tui").put("version", "0");
        rpc.request("initialize", init).get();
        rpc.notify("initialized", null);
    }

    JsonNode call(String method, String json) throws Exception {
        return rpc.request(method, WireJson.mapper().readTree(json)).get();
    }

    String startThread(Path cwd) throws Exception {
        return call("thread/start", "{\"cwd\":\"" + cwd + "\",\"approvalPolicy\":\"untrusted\",\"sandbox\":\"workspace-write\"}")
                .path("thread").path("id").asString();
    }

    void startTurn(String threadId, String prompt) throws Exception {
        ObjectNode params = WireJson.mapper().createObjectNode().put("threadId", threadId);
        params.putArray("input").addObject().put("type", "text").put("text", prompt);
        rpc.request("turn/start", params).get();
    }

    Request awaitRequest(String threadId) {
        return await().atMost(BridgeHarness.WAIT).until(() -> requests.stream()
                .filter(r -> r.params().path("threadId").asString("").equals(threadId)).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    void answer(Request request, String decision) {
        rpc.respond(request.id(), WireJson.mapper().createObjectNode().put("decision", decision));
    }

    boolean saw(String method, String threadId) {
        return notifications.stream().anyMatch(n -> n.method().equals(method)
                && n.params().path("threadId").asString("").equals(threadId));
    }

    @Override
    public void onNotification(String method, JsonNode params) {
        notifications.add(new Notification(method, params));
    }

    @Override
    public void onServerRequest(JsonNode id, String method, JsonNode params) {
        requests.add(new Request(id, method, params));
    }

    @Override
    public void onClosed(String reason) {}

    @Override
    public void close() {
        rpc.close();
    }
}
