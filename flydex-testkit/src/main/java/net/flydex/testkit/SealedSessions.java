package net.flydex.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.Session;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One browser socket's end-to-end sessions, one per machine (docs/e2e.md, "Wiring"), apart from
 * any socket: {@link #hello} and {@link #rpc} make the frames to send, {@link #read} turns each
 * received frame into what the web app would make of it. Sealed results, events, approval cards
 * and resolutions come back in their clear shapes (RelayFrames'), so tests read them as before
 * encryption; anything that does not open becomes an {@value #FAILURE} frame naming the failure,
 * and its session is closed (the next rpc needs a fresh handshake), as the protocol requires.
 * Frames must be read in the order they arrived: each direction counts.
 */
public final class SealedSessions {
    /** The type of the frame {@link #read} makes of a sealed frame that did not open: {@code {type,machineId,sessionId,id?,frameType,failure}}. */
    public static final String FAILURE = "e2eFailure";
    /** A sealed frame for a session this socket does not hold (a closed one, another device's, a swapped id). */
    public static final String NO_SUCH_SESSION = "session_unknown";
    /** A sealed result that opened but answers another request than the one it came back for. */
    public static final String CROSSED_RESULT = "crossed_result";

    private final SealedDevice device;
    private final Map<String, Session> bySessionId = new HashMap<>();
    private final Map<String, Session> byMachine = new HashMap<>();
    private final Map<String, Hello> hellos = new HashMap<>();
    /** Sealed rpcs awaiting their answer, by frame id. */
    private final Map<String, Session> asked = new HashMap<>();

    private record Hello(String machineId, DeviceClient.Handshake handshake) {}

    public SealedSessions(SealedDevice device) {
        this.device = device;
    }

    public SealedDevice device() {
        return device;
    }

    /** {@code e2e/hello} for a machine the device was introduced to; the answer to frame {@code id} finishes it. */
    public synchronized ObjectNode hello(String id, String machineId) {
        DeviceClient.Handshake handshake = device.client().handshake(device.helper(machineId), machineId);
        hellos.put(id, new Hello(machineId, handshake));
        return SealedFrames.hello(id, machineId, device.deviceId(), handshake.hello());
    }

    /** A hello for the machine unless a session is open or a hello is under way: one session per machine and socket. */
    public synchronized Optional<ObjectNode> helloIfNone(String id, String machineId) {
        if (session(machineId).isPresent() || handshaking(machineId)) {
            return Optional.empty();
        }
        return Optional.of(hello(id, machineId));
    }

    /** A hello sent and not answered yet. */
    public synchronized boolean handshaking(String machineId) {
        return hellos.values().stream().anyMatch(h -> h.machineId().equals(machineId));
    }

    /** The open session with this machine, if any. */
    public synchronized Optional<Session> session(String machineId) {
        return Optional.ofNullable(byMachine.get(machineId)).filter(s -> !s.isClosed());
    }

    /**
     * A sealed rpc, as the text to send: {@code {"id","method","params"}} sealed as the session's
     * next frame. The caller sends it before sealing another (counters). An
     * {@link IllegalStateException} when no session is open.
     */
    public synchronized String rpc(String id, String machineId, String method, JsonNode params) {
        Session session = session(machineId).orElseThrow(() -> new IllegalStateException("no open session with " + machineId));
        ObjectNode plaintext = WireJson.mapper().createObjectNode().put("id", id).put("method", method);
        plaintext.set("params", params);
        try {
            String sealed = session.seal(SealedFrames.RPC, "", WireJson.mapper().writeValueAsBytes(plaintext));
            asked.put(id, session);
            return SealedFrames.rpcText(id, machineId, device.deviceId(), session.sessionId(), sealed);
        } catch (E2eException e) {
            drop(session);
            throw new IllegalStateException("the session refused to seal: " + e.failure().wire(), e);
        }
    }

    /** What the device makes of a received frame: its clear shape, a failure, or the frame itself when it is not sealed. */
    public synchronized JsonNode read(JsonNode frame) {
        String type = frame.path("type").asString("");
        Hello hello = hellos.remove(frame.path("id").asString(""));
        if (hello != null) {
            return type.equals("result") ? finish(hello, frame) : frame;
        }
        Session askedOn = asked.remove(frame.path("id").asString(""));
        if (askedOn != null && type.equals("error")) {
            // The server answered a sealed rpc itself (machine offline, relay down, no such session): the frame
            // never reached the helper, so the session's counter has a gap. Start afresh.
            drop(askedOn);
            return frame;
        }
        if (type.equals(SealedFrames.CLOSED)) {
            Optional.ofNullable(bySessionId.get(frame.path("sessionId").asString(""))).ifPresent(this::drop);
            return frame;
        }
        if (type.equals("machine") && !frame.path("online").asBoolean()) {
            // The helper's sessions may not outlive its link: start afresh once it is back.
            Optional.ofNullable(byMachine.get(frame.path("machineId").asString(""))).ifPresent(this::drop);
            return frame;
        }
        if (!frame.has("sealed")) {
            return frame;
        }
        Session session = bySessionId.get(frame.path("sessionId").asString(""));
        if (session == null || !frame.path("deviceId").asString("").equals(device.deviceId())) {
            return failure(frame, frame.path("machineId").asString(""), NO_SUCH_SESSION);
        }
        String ref = type.equals(SealedFrames.APPROVAL) || type.equals(SealedFrames.APPROVAL_RESOLVED) ? frame.path("approvalId").asString("") : "";
        JsonNode plaintext;
        try {
            plaintext = WireJson.mapper().readTree(session.open(type, ref, frame.path("sealed").asString("")));
        } catch (E2eException e) {
            drop(session);
            return failure(frame, session.machineId(), e.failure().wire());
        } catch (RuntimeException notJson) {
            drop(session);
            return failure(frame, session.machineId(), "malformed");
        }
        return clear(type, frame, session, plaintext);
    }

    private JsonNode finish(Hello hello, JsonNode frame) {
        JsonNode result = frame.path("result");
        try {
            Session session = hello.handshake().finish(result.path("reply").asString(""));
            if (!session.sessionId().equals(result.path("sessionId").asString(""))) {
                return failure(frame, hello.machineId(), NO_SUCH_SESSION);
            }
            Optional.ofNullable(byMachine.get(hello.machineId())).ifPresent(this::drop);
            bySessionId.put(session.sessionId(), session);
            byMachine.put(hello.machineId(), session);
            return frame;
        } catch (E2eException e) {
            return failure(frame, hello.machineId(), e.failure().wire());
        }
    }

    /** The frame as it travelled before encryption (RelayFrames' shapes), with its session id added. */
    private JsonNode clear(String type, JsonNode frame, Session session, JsonNode plaintext) {
        ObjectNode out = WireJson.mapper().createObjectNode().put("type", type);
        switch (type) {
            case SealedFrames.RESULT -> {
                String id = frame.path("id").asString("");
                if (!plaintext.path("id").asString("").equals(id)) {
                    // The tag covers no rpc id (the relay renames them): a crossed answer is caught here.
                    drop(session);
                    return failure(frame, session.machineId(), CROSSED_RESULT);
                }
                out.put("id", id);
                if (plaintext.has("error")) {
                    out.put("type", "error").set("error", plaintext.get("error"));
                } else {
                    out.set("result", plaintext.path("result"));
                }
            }
            case SealedFrames.EVENT -> {
                out.put("machineId", session.machineId());
                out.set("method", plaintext.path("method"));
                out.set("params", plaintext.path("params"));
            }
            case SealedFrames.APPROVAL -> {
                out.put("machineId", session.machineId());
                out.set("approval", plaintext);
            }
            case SealedFrames.APPROVAL_RESOLVED -> {
                out.put("machineId", session.machineId()).put("approvalId", frame.path("approvalId").asString(""));
                out.set("decision", plaintext.path("decision"));
                out.set("resolvedBy", plaintext.path("resolvedBy"));
            }
            default -> {
                drop(session);
                return failure(frame, session.machineId(), "malformed");
            }
        }
        return out.put("sessionId", session.sessionId());
    }

    private void drop(Session session) {
        session.close();
        asked.values().removeIf(s -> s == session);
        bySessionId.remove(session.sessionId());
        byMachine.remove(session.machineId(), session);
    }

    private static JsonNode failure(JsonNode frame, String machineId, String failure) {
        ObjectNode out = WireJson.mapper().createObjectNode().put("type", FAILURE).put("machineId", machineId)
                .put("sessionId", frame.path("sessionId").asString(frame.path("result").path("sessionId").asString("")));
        if (frame.has("id")) {
            out.put("id", frame.path("id").asString(""));
        }
        return out.put("frameType", frame.path("type").asString("")).put("failure", failure);
    }
}
