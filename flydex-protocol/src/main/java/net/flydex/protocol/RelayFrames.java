package net.flydex.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The relay's frames, built in one place so the helper, the control plane and tests agree.
 *
 * <p>Between browser and control plane ({@code /ws/client}, CONTRACT.md):
 *
 * <pre>
 * browser → server  {"type":"rpc","id","machineId","method","params"}
 *                   {"type":"subscribe","machineId"}   {"type":"unsubscribe","machineId"}
 * server → browser  {"type":"result","id","result"}   {"type":"error","id","error":{code,message}}
 *                   {"type":"event","machineId","method","params"}
 *                   {"type":"approval","machineId","approval":{…}}
 *                   {"type":"approvalResolved","machineId","approvalId","decision","resolvedBy"}
 *                   {"type":"machine","machineId","online","codexStatus"}
 * </pre>
 *
 * <p>Between control plane and helper ({@code /ws/agent}, after the welcome):
 *
 * <pre>
 * server → helper   {"type":"rpc","id":"&lt;relay request id&gt;","method","params"}
 * helper → server   {"type":"result","id","result"}  {"type":"error","id","error":{code,message}}
 *                   {"type":"event","machineId",…}  {"type":"approval","machineId",…}
 *                   {"type":"approvalResolved","machineId",…}   (exactly the browser's shapes)
 * </pre>
 *
 * <p>The helper writes events and approvals in the browser's shape, with its own machine id, so the
 * relay forwards them as they are (after checking the machine id is the socket's own): it routes
 * envelopes and never needs, stores or logs payloads. Only rpc ids are rewritten: the relay gives
 * each browser rpc its own id towards the helper and maps the answer back.
 */
public final class RelayFrames {
    private RelayFrames() {}

    public static ObjectNode rpc(String id, String method, JsonNode params) {
        ObjectNode frame = object("rpc").put("id", id).put("method", method);
        frame.set("params", params);
        return frame;
    }

    public static ObjectNode result(String id, JsonNode result) {
        ObjectNode frame = object("result").put("id", id);
        frame.set("result", result);
        return frame;
    }

    public static ObjectNode error(String id, RpcError error) {
        ObjectNode frame = object("error").put("id", id);
        frame.putObject("error").put("code", error.code().wire()).put("message", error.message());
        return frame;
    }

    public static ObjectNode event(String machineId, String method, JsonNode params) {
        ObjectNode frame = object("event").put("machineId", machineId).put("method", method);
        frame.set("params", params);
        return frame;
    }

    public static ObjectNode approval(String machineId, Approval approval) {
        return approval(machineId, WireJson.mapper().valueToTree(approval));
    }

    /** An approval as the helper wrote it ({@code approvals/list}): the relay passes it on without reading it. */
    public static ObjectNode approval(String machineId, JsonNode approval) {
        ObjectNode frame = object("approval").put("machineId", machineId);
        frame.set("approval", approval);
        return frame;
    }

    public static ObjectNode approvalResolved(String machineId, ApprovalResolution resolution) {
        return object("approvalResolved").put("machineId", machineId).put("approvalId", resolution.approvalId())
                .put("decision", resolution.decision().wire()).put("resolvedBy", resolution.resolvedBy().wire());
    }

    public static ObjectNode machine(String machineId, boolean online, CodexStatus codexStatus) {
        return object("machine").put("machineId", machineId).put("online", online).put("codexStatus", codexStatus.wire());
    }

    private static ObjectNode object(String type) {
        return WireJson.mapper().createObjectNode().put("type", type);
    }
}
