package net.flydex.protocol;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The relay's end-to-end frames (docs/e2e.md, "Wiring"), built in one place so the helper, the
 * control plane, the Java device client and tests agree. The server routes them by the clear
 * fields only; {@code sealed} is a frame of {@code net.flydex.protocol.e2e.Session} (or a one-shot
 * message) it can neither open nor forge.
 *
 * <pre>
 * browser → server → helper   {"type":"e2e/hello","id","machineId","deviceId","hello"}
 * helper → server → browser   {"type":"result","id","result":{"sessionId","reply"}}
 * browser → server → helper   {"type":"rpc","id","machineId","deviceId","sessionId","sealed"}
 * helper → server → browser   {"type":"result","id","deviceId","sessionId","sealed"}
 * helper → server → browser   {"type":"event"|"approval"|"approvalResolved","machineId","deviceId","sessionId"[,"approvalId"],"sealed"}
 * browser → server → helper   {"type":"e2e/introduce","id","machineId","introduction":{…}}
 * server → helper             {"type":"e2e/closed","deviceId","sessionId"}        (the browser's socket went away)
 * helper → server → browser   {"type":"e2e/closed","machineId","deviceId","sessionId","reason"}
 * helper → server             {"type":"push","machineId"[,"approvalId"],"kind","sealed":{deviceId: one-shot,…}}
 * server → helper             {"type":"e2e/decision","id","deviceId","approvalId","sealed"}
 * </pre>
 *
 * Towards the helper the server leaves out {@code machineId} and gives each request a relay id
 * of its own, as for every rpc ({@link RelayFrames}).
 */
public final class SealedFrames {
    private SealedFrames() {}

    public static final String HELLO = "e2e/hello";
    public static final String INTRODUCE = "e2e/introduce";
    public static final String CLOSED = "e2e/closed";
    public static final String DECISION = "e2e/decision";
    public static final String PUSH = "push";

    /** AAD types of session frames (the frame's {@code type}, bound into its associated data). */
    public static final String RPC = "rpc";
    public static final String RESULT = "result";
    public static final String EVENT = "event";
    public static final String APPROVAL = "approval";
    public static final String APPROVAL_RESOLVED = "approvalResolved";

    /**
     * Sealed rpcs the helper answers itself: its trusted devices, revoking one ({@code {"deviceId"}})
     * and renaming one ({@code {"deviceId","name"}}, the name checked as an introduction's is).
     */
    public static final String DEVICES_LIST = "devices/list";
    public static final String DEVICES_REVOKE = "devices/revoke";
    public static final String DEVICES_RENAME = "devices/rename";

    /** Push kinds, which are also the one-shot push's AAD type. */
    public static final String PUSH_APPROVAL = "approval";
    public static final String PUSH_RESOLVED = "approvalResolved";
    /** A turn the helper saw start completed or failed; names no approval, so it is sealed with ref "". */
    public static final String PUSH_TURN_ENDED = "turnEnded";

    /**
     * Push kinds that carry nothing and are never shown: the machine went from no running turn to
     * some (said again on each new uplink socket), and back. The server's only cue for a
     * {@code machineOffline} push now that it cannot read turn events.
     */
    public static final String PUSH_TURNS_RUNNING = "turnsRunning";
    public static final String PUSH_TURNS_IDLE = "turnsIdle";

    /** Sessions one device may hold on a machine at once: one per open tab or installed app, with room for reloads. */
    public static final int MAX_SESSIONS_PER_DEVICE = 8;

    /** Sessions a helper holds in all: each costs a little memory and one seal per event; the oldest goes first. */
    public static final int MAX_SESSIONS = 64;

    /** Hellos answered per device per second: each costs the helper four ECDHs, so a replaying server cannot buy unbounded CPU. */
    public static final int MAX_HELLOS_PER_DEVICE_PER_SECOND = 5;

    /** Devices a push is sealed for: the web app lists at most this many subscriptions per account (push issue). */
    public static final int MAX_PUSH_DEVICES = 20;

    /** A device id: base64url of 16 bytes. */
    public static final int DEVICE_ID_CHARS = 22;

    /** A session id: base64url of 12 bytes. */
    public static final int SESSION_ID_CHARS = 16;

    public static ObjectNode hello(String id, String machineId, String deviceId, String hello) {
        ObjectNode frame = object(HELLO).put("id", id);
        putMachine(frame, machineId);
        return frame.put("deviceId", deviceId).put("hello", hello);
    }

    public static ObjectNode helloAnswer(String id, String sessionId, String reply) {
        ObjectNode frame = object("result").put("id", id);
        frame.putObject("result").put("sessionId", sessionId).put("reply", reply);
        return frame;
    }

    /** A sealed rpc as a tree (tests, tools); {@code machineId} is "" towards the helper. */
    public static ObjectNode rpc(String id, String machineId, String deviceId, String sessionId, String sealed) {
        return tree(rpcText(id, machineId, deviceId, sessionId, sealed));
    }

    /**
     * A sealed rpc as text, written without a tree: every sealed rpc, the device's and the relay's
     * towards the helper ({@code machineId} ""). The session frames are written as text first
     * ({@link JsonText}), their trees read from it, so each shape is defined once.
     */
    public static String rpcText(String id, String machineId, String deviceId, String sessionId, String sealed) {
        JsonText frame = JsonText.object(RPC, sealed.length()).field("id", id);
        if (!machineId.isEmpty()) {
            frame.field("machineId", machineId);
        }
        return frame.field("deviceId", deviceId).field("sessionId", sessionId).field("sealed", sealed).end();
    }

    public static ObjectNode result(String id, String deviceId, String sessionId, String sealed) {
        return tree(resultText(id, deviceId, sessionId, sealed));
    }

    /** {@link #result} as text, written without a tree (every sealed answer). */
    public static String resultText(String id, String deviceId, String sessionId, String sealed) {
        return JsonText.object(RESULT, sealed.length()).field("id", id).field("deviceId", deviceId).field("sessionId", sessionId)
                .field("sealed", sealed).end();
    }

    public static ObjectNode event(String machineId, String deviceId, String sessionId, String sealed) {
        return tree(eventText(machineId, deviceId, sessionId, sealed));
    }

    /** An approval-bound frame ({@link #APPROVAL} or {@link #APPROVAL_RESOLVED}): the approval id is routing, and bound. */
    public static ObjectNode approvalBound(String type, String machineId, String deviceId, String sessionId, String approvalId, String sealed) {
        return tree(approvalBoundText(type, machineId, deviceId, sessionId, approvalId, sealed));
    }

    /** {@link #event} as text, written without a tree (every sealed event, once per session). */
    public static String eventText(String machineId, String deviceId, String sessionId, String sealed) {
        return JsonText.object(EVENT, sealed.length()).field("machineId", machineId).field("deviceId", deviceId)
                .field("sessionId", sessionId).field("sealed", sealed).end();
    }

    /** {@link #approvalBound} as text, written without a tree. */
    public static String approvalBoundText(String type, String machineId, String deviceId, String sessionId, String approvalId,
            String sealed) {
        return JsonText.object(type, sealed.length()).field("machineId", machineId).field("deviceId", deviceId)
                .field("sessionId", sessionId).field("approvalId", approvalId).field("sealed", sealed).end();
    }

    public static ObjectNode introduce(String id, String machineId, JsonNode introduction) {
        ObjectNode frame = object(INTRODUCE).put("id", id);
        putMachine(frame, machineId);
        frame.set("introduction", introduction);
        return frame;
    }

    /** Server → helper: the browser socket that opened this session is gone. */
    public static ObjectNode closed(String deviceId, String sessionId) {
        return object(CLOSED).put("deviceId", deviceId).put("sessionId", sessionId);
    }

    /** Helper → browser: the helper ended this session ({@code reason}: a {@code Failure} wire name). */
    public static ObjectNode closed(String machineId, String deviceId, String sessionId, String reason) {
        return object(CLOSED).put("machineId", machineId).put("deviceId", deviceId).put("sessionId", sessionId).put("reason", reason);
    }

    /**
     * Helper → server: a notification's content, sealed for each trusted device by device id.
     *
     * @param approvalId "" for a kind that names no approval: then the frame has no {@code approvalId}
     */
    public static ObjectNode push(String machineId, String approvalId, String kind, Map<String, String> sealedByDevice) {
        ObjectNode frame = object(PUSH).put("machineId", machineId);
        if (!approvalId.isEmpty()) {
            frame.put("approvalId", approvalId);
        }
        frame.put("kind", kind);
        ObjectNode sealed = frame.putObject("sealed");
        sealedByDevice.forEach(sealed::put);
        return frame;
    }

    public static ObjectNode decision(String id, String deviceId, String approvalId, String sealed) {
        return object(DECISION).put("id", id).put("deviceId", deviceId).put("approvalId", approvalId).put("sealed", sealed);
    }

    private static void putMachine(ObjectNode frame, String machineId) {
        if (!machineId.isEmpty()) {
            frame.put("machineId", machineId);
        }
    }

    private static ObjectNode tree(String text) {
        return (ObjectNode) WireJson.mapper().readTree(text);
    }

    private static ObjectNode object(String type) {
        return WireJson.mapper().createObjectNode().put("type", type);
    }
}
