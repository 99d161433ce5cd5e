package net.flydex.helper.relay;

import java.util.function.Consumer;
import net.flydex.helper.bridge.BridgeEvent;
import net.flydex.helper.bridge.CodexBridge;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.Limits;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the server's rpcs on the bridge and forwards the bridge's events. Nothing here is logged:
 * rpc params, results and events are a person's prompts and Codex's output.
 */
public final class RelayAgent {
    /** Room kept below the frame limit for the envelope the server may add. */
    private static final int FRAME_MARGIN = 1024;
    private static final int MAX_PAYLOAD = Limits.MAX_FRAME_BYTES - FRAME_MARGIN;

    private final String machineId;
    private final CodexBridge bridge;
    private final Consumer<String> toServer;
    private final ThreadTitles titles = new ThreadTitles();

    public RelayAgent(String machineId, CodexBridge bridge, Consumer<String> toServer) {
        this.machineId = machineId;
        this.bridge = bridge;
        this.toServer = toServer;
    }

    /** A frame from the server (after the welcome). Only rpcs are expected; others are ignored. */
    public void onServerFrame(JsonNode frame) {
        if (!frame.path("type").asString("").equals("rpc")) {
            return;
        }
        String id = frame.path("id").asString("");
        bridge.call(frame.path("method").asString(""), frame.path("params")).whenComplete((result, failure) -> {
            if (failure != null) {
                send(RelayFrames.error(id, RpcException.of(failure).toError()));
                return;
            }
            titles.answered(result);
            String answer = RelayFrames.result(id, result).toString();
            if (answer.length() > MAX_PAYLOAD) {
                send(RelayFrames.error(id, new RpcError(ErrorCode.BAD_REQUEST,
                        "the answer is larger than a relay frame; ask for fewer items (limit, cursor, itemsView)")));
            } else {
                toServer.accept(answer);
            }
        });
    }

    /** Everything the bridge reports, in the browser's frame shapes. */
    public void forward(BridgeEvent event) {
        switch (event) {
            case BridgeEvent.CodexNotification n -> {
                titles.noticed(n.method(), n.params());
                send(eventFrame(n));
            }
            case BridgeEvent.ApprovalRequested a -> send(approvalFrame(a));
            case BridgeEvent.ApprovalResolved r -> send(RelayFrames.approvalResolved(machineId, r.resolution()));
            case BridgeEvent.StatusChanged ignored -> { } // Sent as the agent's own status message.
        }
    }

    /** The card, with the thread's title when the helper knows it (a notification names the thread by it). */
    private ObjectNode approvalFrame(BridgeEvent.ApprovalRequested requested) {
        ObjectNode frame = RelayFrames.approval(machineId, requested.approval());
        titles.of(requested.approval().threadId()).ifPresent(title -> ((ObjectNode) frame.get("approval")).put("threadTitle", title));
        return frame;
    }

    /** An event too big for one frame (a huge command output) is sent without its payload. */
    private ObjectNode eventFrame(BridgeEvent.CodexNotification n) {
        ObjectNode frame = RelayFrames.event(machineId, n.method(), n.params());
        if (frame.toString().length() <= MAX_PAYLOAD) {
            return frame;
        }
        ObjectNode summary = WireJson.mapper().createObjectNode().put("truncated", true)
                .put("reason", "too large for the relay; read it with thread/turns/list");
        for (String field : new String[] {"threadId", "turnId", "itemId"}) {
            if (n.params().has(field)) {
                summary.set(field, n.params().get(field));
            }
        }
        JsonNode item = n.params().path("item");
        if (item.isObject()) {
            ObjectNode kept = summary.putObject("item");
            for (String field : new String[] {"id", "type", "status"}) {
                if (item.has(field)) {
                    kept.set(field, item.get(field));
                }
            }
        }
        return RelayFrames.event(machineId, n.method(), summary);
    }

    private void send(ObjectNode frame) {
        toServer.accept(frame.toString());
    }
}
