package net.flydex.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.Introductions;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.Session;
import net.flydex.protocol.e2e.TrustedDevices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The test device reads sealed frames as the web app would: clear shapes when they open, a failure frame when not. */
class SealedSessionsTest {
    private static final String MACHINE = "m_test";
    private final SecureRandom random = new SecureRandom();
    private final TrustedDevices devices = new TrustedDevices(List.of());
    private final P256.KeyPair helperKey = P256.generate(random);
    private final Introductions introductions = new Introductions(helperKey, devices, Clock.systemUTC(), random);
    private final HelperEndpoint helper = new HelperEndpoint(MACHINE, helperKey, devices, Clock.systemUTC(), KeySource.from(random));

    private SealedDevice device;
    private SealedSessions sessions;
    private Session helperSide;

    @BeforeEach
    void introduceAndHandshake() throws Exception {
        device = introduced("phone");
        sessions = new SealedSessions(device);
        helperSide = open(sessions, "h1");
    }

    private SealedDevice introduced(String name) throws Exception {
        SealedDevice fresh = SealedDevice.create(name);
        var pending = fresh.introduce(introductions.offer());
        fresh.confirm(MACHINE, pending, WireJson.mapper().valueToTree(introductions.accept(pending.message())));
        return fresh;
    }

    /** A hello answered by the in-process helper; its end of the session. */
    private Session open(SealedSessions of, String id) throws Exception {
        ObjectNode hello = of.hello(id, MACHINE);
        assertThat(hello.path("machineId").asString()).isEqualTo(MACHINE);
        HelperEndpoint.Answer answer = helper.answer(hello.path("deviceId").asString(), hello.path("hello").asString());
        JsonNode read = of.read(SealedFrames.helloAnswer(id, answer.session().sessionId(), answer.reply()));
        assertThat(read.path("type").asString()).isEqualTo("result");
        assertThat(of.session(MACHINE)).isPresent();
        return answer.session();
    }

    private ObjectNode sealedEvent(Session session, String delta) throws Exception {
        ObjectNode plaintext = WireJson.mapper().createObjectNode().put("method", "item/agentMessage/delta");
        plaintext.putObject("params").put("delta", delta);
        return SealedFrames.event(MACHINE, session.deviceId(), session.sessionId(),
                session.seal(SealedFrames.EVENT, "", WireJson.mapper().writeValueAsBytes(plaintext)));
    }

    @Test
    void anRpcIsSealedForTheHelperAndItsAnswerEventsAndCardsComeBackInTheirClearShapes() throws Exception {
        JsonNode rpc = WireJson.mapper().readTree(sessions.rpc("c1", MACHINE, "thread/list", WireJson.mapper().createObjectNode()));
        assertThat(rpc.has("method")).isFalse();
        JsonNode opened = WireJson.mapper().readTree(helperSide.open(SealedFrames.RPC, "", rpc.path("sealed").asString()));
        assertThat(opened.path("method").asString()).isEqualTo("thread/list");
        assertThat(opened.path("id").asString()).isEqualTo("c1");

        JsonNode result = sessions.read(SealedFrames.result("c1", device.deviceId(), helperSide.sessionId(),
                helperSide.seal(SealedFrames.RESULT, "", "{\"id\":\"c1\",\"result\":{\"data\":[]}}".getBytes())));
        assertThat(result.path("type").asString()).isEqualTo("result");
        assertThat(result.path("result").path("data").isArray()).isTrue();

        JsonNode event = sessions.read(sealedEvent(helperSide, "hello"));
        assertThat(event.path("method").asString()).isEqualTo("item/agentMessage/delta");
        assertThat(event.path("params").path("delta").asString()).isEqualTo("hello");
        assertThat(event.path("machineId").asString()).isEqualTo(MACHINE);

        JsonNode card = sessions.read(SealedFrames.approvalBound(SealedFrames.APPROVAL, MACHINE, device.deviceId(), helperSide.sessionId(),
                "apv_1", helperSide.seal(SealedFrames.APPROVAL, "apv_1", "{\"approvalId\":\"apv_1\",\"command\":\"ls\"}".getBytes())));
        assertThat(card.path("approval").path("command").asString()).isEqualTo("ls");

        JsonNode resolved = sessions.read(SealedFrames.approvalBound(SealedFrames.APPROVAL_RESOLVED, MACHINE, device.deviceId(),
                helperSide.sessionId(), "apv_1", helperSide.seal(SealedFrames.APPROVAL_RESOLVED, "apv_1",
                        "{\"decision\":\"accept\",\"resolvedBy\":\"client\"}".getBytes())));
        assertThat(resolved.path("approvalId").asString()).isEqualTo("apv_1");
        assertThat(resolved.path("decision").asString()).isEqualTo("accept");

        JsonNode error = sessions.read(SealedFrames.result("c2", device.deviceId(), helperSide.sessionId(),
                helperSide.seal(SealedFrames.RESULT, "", "{\"id\":\"c2\",\"error\":{\"code\":\"method_not_allowed\"}}".getBytes())));
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("code").asString()).isEqualTo("method_not_allowed");
    }

    @Test
    void aFlippedBitIsAFailureAndClosesTheSession() throws Exception {
        ObjectNode event = sealedEvent(helperSide, "secret");
        String sealed = event.path("sealed").asString();
        char last = sealed.charAt(sealed.length() - 2);
        event.put("sealed", sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1));

        JsonNode read = sessions.read(event);

        assertThat(read.path("type").asString()).isEqualTo(SealedSessions.FAILURE);
        assertThat(read.path("failure").asString()).isEqualTo("auth_failed");
        assertThat(read.toString()).doesNotContain("secret");
        assertThat(sessions.session(MACHINE)).isEmpty();
        assertThatThrownBy(() -> sessions.rpc("c3", MACHINE, "thread/list", WireJson.mapper().createObjectNode()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReplayedFrameIsABadCounter() throws Exception {
        ObjectNode event = sealedEvent(helperSide, "once");
        assertThat(sessions.read(event).path("method").asString()).isEqualTo("item/agentMessage/delta");

        assertThat(sessions.read(event).path("failure").asString()).isEqualTo("bad_counter");
    }

    @Test
    void aResultCrossedWithAnotherRequestsIsRefused() throws Exception {
        JsonNode read = sessions.read(SealedFrames.result("c2", device.deviceId(), helperSide.sessionId(),
                helperSide.seal(SealedFrames.RESULT, "", "{\"id\":\"c1\",\"result\":{}}".getBytes())));

        assertThat(read.path("failure").asString()).isEqualTo(SealedSessions.CROSSED_RESULT);
        assertThat(read.path("id").asString()).isEqualTo("c2");
    }

    @Test
    void anotherDevicesFrameIsNotOpenedAndNamesNoSession() throws Exception {
        SealedSessions other = new SealedSessions(introduced("tablet"));
        Session otherHelperSide = open(other, "h2");

        JsonNode swapped = sessions.read(sealedEvent(otherHelperSide, "for the tablet"));

        assertThat(swapped.path("failure").asString()).isEqualTo(SealedSessions.NO_SUCH_SESSION);
        assertThat(swapped.toString()).doesNotContain("for the tablet");
    }

    @Test
    void aFrameRoutedToTheRightSessionIdButSealedForAnotherDoesNotOpen() throws Exception {
        SealedSessions other = new SealedSessions(introduced("tablet"));
        Session otherHelperSide = open(other, "h2");
        ObjectNode event = sealedEvent(otherHelperSide, "for the tablet");
        event.put("deviceId", device.deviceId()).put("sessionId", helperSide.sessionId());

        assertThat(sessions.read(event).path("failure").asString()).isEqualTo("auth_failed");
    }

    @Test
    void aMachineGoingOfflineEndsItsSessionAndASecondHelloOnlyOnceAnswered() throws Exception {
        assertThat(sessions.helloIfNone("h3", MACHINE)).isEmpty();

        sessions.read(WireJson.mapper().createObjectNode().put("type", "machine").put("machineId", MACHINE).put("online", false));

        assertThat(sessions.session(MACHINE)).isEmpty();
        assertThat(sessions.helloIfNone("h4", MACHINE)).isPresent();
        assertThat(sessions.helloIfNone("h5", MACHINE)).as("one hello under way").isEmpty();
    }

    @Test
    void theServerAnsweringASealedRpcItselfEndsTheSessionWhoseCounterNowHasAGap() {
        sessions.rpc("c4", MACHINE, "thread/list", WireJson.mapper().createObjectNode());

        JsonNode read = sessions.read(WireJson.mapper().readTree("{\"type\":\"error\",\"id\":\"c4\",\"error\":{\"code\":\"relay_unavailable\"}}"));

        assertThat(read.path("error").path("code").asString()).isEqualTo("relay_unavailable");
        assertThat(sessions.session(MACHINE)).isEmpty();
    }

    @Test
    void aHandshakeAnsweredUnderAnotherSessionIdIsRefused() throws Exception {
        ObjectNode hello = sessions.hello("h6", MACHINE);
        HelperEndpoint.Answer answer = helper.answer(device.deviceId(), hello.path("hello").asString());

        JsonNode read = sessions.read(SealedFrames.helloAnswer("h6", "AAAAAAAAAAAAAAAA", answer.reply()));

        assertThat(read.path("type").asString()).isEqualTo(SealedSessions.FAILURE);
    }
}
