package net.flydex.bench;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.Introductions;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.Session;
import net.flydex.protocol.e2e.TrustedDevices;
import net.flydex.testkit.SealedDevice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The end-to-end half of a {@link SimulatedAgent}: the helper's side of the protocol on the same
 * library calls the real helper makes ({@link HelperEndpoint} answers hellos, {@link Session}
 * opens each rpc and seals each answer and card), with nothing else a helper does. It gives the
 * relay bench a sealed path that differs from the clear simulated one by the sealing alone.
 */
final class AgentSealing {
    private final String machineId;
    private final TrustedDevices devices = new TrustedDevices(List.of());
    private final Introductions introductions;
    private final HelperEndpoint endpoint;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    AgentSealing(String machineId) {
        SecureRandom random = new SecureRandom();
        P256.KeyPair key = P256.generate(random);
        this.machineId = machineId;
        this.introductions = new Introductions(key, devices, Clock.systemUTC(), random);
        this.endpoint = new HelperEndpoint(machineId, key, devices, Clock.systemUTC(), KeySource.from(random));
    }

    /** Introduces the device in process, as if it had scanned this agent's QR; the device pins the agent's key. */
    void introduce(SealedDevice device) {
        try {
            var pending = device.introduce(introductions.offer());
            device.confirm(machineId, pending, WireJson.mapper().valueToTree(introductions.accept(pending.message())));
        } catch (E2eException e) {
            throw new IllegalStateException("the bench device was not introduced: " + e.failure().wire(), e);
        }
    }

    /** The answer to an {@code e2e/hello}: the reply, the session kept for the device's rpcs. */
    ObjectNode hello(JsonNode frame) {
        try {
            HelperEndpoint.Answer answer = endpoint.answer(frame.path("deviceId").asString(""), frame.path("hello").asString(""));
            sessions.put(answer.session().sessionId(), answer.session());
            return SealedFrames.helloAnswer(frame.path("id").asString(), answer.session().sessionId(), answer.reply());
        } catch (E2eException e) {
            throw new IllegalStateException("the bench device's hello was refused: " + e.failure().wire(), e);
        }
    }

    /** A sealed rpc opened: its session and its {@code {"id","method","params"}}; empty for a session this agent does not hold. */
    Optional<Opened> open(JsonNode frame) {
        Session session = sessions.get(frame.path("sessionId").asString(""));
        if (session == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Opened(session, frame.path("id").asString(),
                    WireJson.mapper().readTree(session.open(SealedFrames.RPC, "", frame.path("sealed").asString("")))));
        } catch (E2eException e) {
            throw new IllegalStateException("a bench rpc did not open: " + e.failure().wire(), e);
        }
    }

    /** One opened rpc, and how to answer in its session. */
    record Opened(Session session, String relayId, JsonNode rpc) {
        /** The sealed {@code result} frame answering it with {@code result}, as text (as the helper writes it). */
        String result(JsonNode result) {
            ObjectNode plaintext = WireJson.mapper().createObjectNode().put("id", rpc.path("id").asString(""));
            plaintext.set("result", result);
            return SealedFrames.resultText(relayId, session.deviceId(), session.sessionId(), seal(session, SealedFrames.RESULT, "", plaintext));
        }

        /** A sealed {@code approval} card for this session, as text. */
        String approval(String approvalId, JsonNode card) {
            return SealedFrames.approvalBoundText(SealedFrames.APPROVAL, session.machineId(), session.deviceId(), session.sessionId(),
                    approvalId, seal(session, SealedFrames.APPROVAL, approvalId, card));
        }
    }

    private static String seal(Session session, String type, String ref, JsonNode plaintext) {
        try {
            return session.seal(type, ref, WireJson.mapper().writeValueAsBytes(plaintext));
        } catch (E2eException e) {
            throw new IllegalStateException("a bench frame was not sealed: " + e.failure().wire(), e);
        }
    }
}
