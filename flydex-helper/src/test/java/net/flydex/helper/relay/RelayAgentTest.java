package net.flydex.helper.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.Base64Url;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.P256;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The relay sealed end to end, against the real Codex: devices introduced to the helper's key
 * steer it through sealed rpcs and get every event, card and push sealed; nothing else reaches
 * Codex, and the server sees no content.
 */
class RelayAgentTest extends WithRelay {
    @Test
    void aSealedTurnRunsItsApprovedCommandAndTheServerSeesNoContent() throws Exception {
        SealedDevice phone = harness.device("Ada's phone").connect();
        String thread = phone.result("thread/start", RelayHarness.threadIn(work).toString()).path("thread").path("id").asString();
        phone.result("turn/start", RelayHarness.turn(thread, "CMD: echo sealed-canary > sealed.txt").toString());

        SealedDevice.Opened card = phone.awaitOpened(o -> o.type().equals(SealedFrames.APPROVAL));
        String approvalId = card.frame().path("approvalId").asString();
        assertThat(card.plaintext().path("approvalId").asString()).isEqualTo(approvalId);
        assertThat(card.plaintext().path("command").asString()).contains("echo sealed-canary");
        JsonNode push = harness.uplink.awaitFrame(f -> f.path("type").asString().equals(SealedFrames.PUSH) && f.path("kind").asString().equals("approval"));
        assertThat(push.path("machineId").asString()).isEqualTo(RelayHarness.MACHINE);
        assertThat(push.path("approvalId").asString()).isEqualTo(approvalId);
        JsonNode content = WireJson.mapper().readTree(phone.client.openPush(phone.helper, RelayHarness.MACHINE, "approval", approvalId,
                push.path("sealed").path(phone.deviceId()).asString()));
        assertThat(content.path("command").asString()).contains("echo sealed-canary");
        assertThat(content.path("kind").asString()).isEqualTo("command");
        assertThat(content.path("threadId").asString()).isEqualTo(thread);
        assertThat(content.path("canDecide").asBoolean()).isTrue();

        JsonNode resolution = phone.result("approval/respond", """
                {"approvalId":"%s","decision":"accept","idempotencyKey":"k1"}""".formatted(approvalId));
        assertThat(resolution.path("decision").asString()).isEqualTo("accept");

        SealedDevice.Opened resolved = phone.awaitOpened(o -> o.type().equals(SealedFrames.APPROVAL_RESOLVED));
        assertThat(resolved.frame().path("approvalId").asString()).isEqualTo(approvalId);
        assertThat(resolved.plaintext().path("decision").asString()).isEqualTo("accept");
        phone.awaitOpened(o -> o.type().equals(SealedFrames.EVENT) && o.plaintext().path("method").asString().equals("turn/completed"));
        assertThat(phone.awaitCommandCompleted().path("status").asString()).isEqualTo("completed");
        assertThat(Files.readString(work.resolve("sealed.txt"))).isEqualTo("sealed-canary\n");
        assertThat(phone.opened()).anySatisfy(o -> assertThat(o.plaintext().path("method").asString()).isEqualTo("item/agentMessage/delta"));
        harness.uplink.awaitFrame(f -> f.path("type").asString().equals(SealedFrames.PUSH) && f.path("kind").asString().equals("approvalResolved"));

        assertThat(harness.uplink.texts()).noneSatisfy(text -> assertThat(text).contains("sealed-canary"));
        assertThat(harness.uplink.texts()).noneSatisfy(text -> assertThat(text).contains("\"method\""));
    }

    /** The server routes a browser's first rpc as soon as it has passed the hello answer on, maybe before the helper's handshake thread moves on. */
    @Test
    void aSessionTakesRpcsFromTheMomentItsHelloAnswerLeaves() throws Exception {
        SealedDevice phone = harness.device("phone");

        String rpcId = phone.connectAndSendAtOnce("approvals/list", WireJson.mapper().createObjectNode());

        JsonNode answer = harness.uplink.awaitFrame(frame -> rpcId.equals(frame.path("id").asString("")));
        assertThat(answer.has("sealed")).as("answered in the session, not refused: %s", answer).isTrue();
        assertThat(phone.awaitOpened(o -> o.frame().path("id").asString().equals(rpcId)).plaintext().has("result")).isTrue();
    }

    @Test
    void aClearRpcIsRefusedAndNeverReachesCodex() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        String thread = phone.result("thread/start", RelayHarness.threadIn(work).toString()).path("thread").path("id").asString();

        harness.relay.onServerFrame(RelayFrames.rpc("clear-1", "turn/start", RelayHarness.turn(thread, "SAY: clear-canary")));
        harness.relay.onServerFrame(RelayFrames.rpc("clear-2", "approvals/list", WireJson.mapper().createObjectNode()));

        assertThat(harness.uplink.answer("clear-1").path("error").path("code").asString()).isEqualTo("e2e_required");
        assertThat(harness.uplink.answer("clear-2").path("error").path("code").asString()).isEqualTo("e2e_required");
        // A sealed turn afterwards reaches the model; the clear one before it never did.
        phone.result("turn/start", RelayHarness.turn(thread, "SAY: sealed-after").toString());
        codex.model().awaitRequest(r -> r.lastPrompt().orElse("").contains("sealed-after"), FakeUplink.WAIT);
        assertThat(codex.model().requests()).noneSatisfy(r -> assertThat(r.lastPrompt().orElse("")).contains("clear-canary"));
    }

    @Test
    void theAllowListAndParameterPolicyApplyToTheOpenedMethod() throws Exception {
        SealedDevice phone = harness.device("phone").connect();

        JsonNode exec = phone.call("command/exec", "{\"command\":[\"touch\",\"pwned\"]}");
        assertThat(exec.path("id").asString()).startsWith("d");
        assertThat(exec.path("error").path("code").asString()).isEqualTo("method_not_allowed");
        JsonNode unsandboxed = phone.call("thread/start", "{\"cwd\":\"" + work + "\",\"sandbox\":\"danger-full-access\"}");
        assertThat(unsandboxed.path("error").path("code").asString()).isEqualTo("bad_request");
        assertThat(work.resolve("pwned")).doesNotExist();

        // Not an rpc at all: a sealed bad_request, and the session goes on.
        String relayId = phone.sendSealed(phone.session().seal(SealedFrames.RPC, "", "[1,2]".getBytes()));
        assertThat(phone.awaitOpened(o -> o.frame().path("id").asString().equals(relayId)).plaintext().path("error").path("code").asString())
                .isEqualTo("bad_request");
        assertThat(phone.result("approvals/list", "{}").path("approvals")).isEmpty();
    }

    @Test
    void aFrameThatDoesNotOpenClosesTheSessionAndTheDeviceHandshakesAgain() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        String oldSession = phone.sessionId();
        byte[] frame = Base64Url.decode(phone.session().seal(SealedFrames.RPC, "", "{\"id\":\"x\",\"method\":\"approvals/list\"}".getBytes()));
        frame[frame.length - 1] ^= 1;

        String relayId = phone.sendSealed(Base64Url.encode(frame));

        JsonNode refused = harness.uplink.answer(relayId);
        assertThat(refused.path("error").path("code").asString()).isEqualTo("e2e_refused");
        assertThat(refused.path("error").path("message").asString()).isEqualTo("auth_failed");
        JsonNode closed = harness.uplink.awaitFrame(f -> f.path("type").asString().equals(SealedFrames.CLOSED));
        assertThat(closed.path("sessionId").asString()).isEqualTo(oldSession);
        assertThat(closed.path("reason").asString()).isEqualTo("auth_failed");
        assertThat(closed.path("machineId").asString()).isEqualTo(RelayHarness.MACHINE);

        String afterwards = phone.send("approvals/list", WireJson.mapper().createObjectNode());
        assertThat(harness.uplink.answer(afterwards).path("error").path("code").asString()).isEqualTo("session_unknown");
        assertThat(phone.connect().result("approvals/list", "{}").path("approvals")).isEmpty();
    }

    @Test
    void aNewUplinkSocketEndsEverySessionAndSaysSo() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        String oldSession = phone.sessionId();

        harness.relay.onWelcome();

        JsonNode closed = harness.uplink.awaitFrame(f -> f.path("type").asString().equals(SealedFrames.CLOSED));
        assertThat(closed.path("sessionId").asString()).isEqualTo(oldSession);
        assertThat(closed.path("reason").asString()).isEqualTo("session_closed");
        String relayId = phone.send("approvals/list", WireJson.mapper().createObjectNode());
        assertThat(harness.uplink.answer(relayId).path("error").path("code").asString()).isEqualTo("session_unknown");
        assertThat(phone.connect().result("approvals/list", "{}").path("approvals")).isEmpty();
    }

    @Test
    void theServerClosingASessionEndsIt() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        harness.relay.onServerFrame(SealedFrames.closed(phone.deviceId(), phone.sessionId()));

        String relayId = phone.send("approvals/list", WireJson.mapper().createObjectNode());

        assertThat(harness.uplink.answer(relayId).path("error").path("code").asString()).isEqualTo("session_unknown");
        assertThat(harness.relay.openSessions()).isZero();
    }

    @Test
    void onlyTrustedDevicesGetAHandshakeAndAtMostFiveASecond() throws Exception {
        SealedDevice phone = harness.device("phone");
        var stranger = new DeviceClient(P256.generate(new SecureRandom()), harness.clock, KeySource.from(new SecureRandom()));
        String id = SealedDevice.relayId();
        harness.relay.onServerFrame(SealedFrames.hello(id, "", stranger.deviceId(), stranger.handshake(phone.helper, RelayHarness.MACHINE).hello()));
        assertThat(harness.uplink.answer(id).path("error").path("code").asString()).isEqualTo("device_unknown");

        for (int i = 0; i < SealedFrames.MAX_HELLOS_PER_DEVICE_PER_SECOND; i++) {
            assertThat(phone.hello(phone.client.handshake(phone.helper, RelayHarness.MACHINE)).path("type").asString()).isEqualTo("result");
        }
        assertThat(phone.hello(phone.client.handshake(phone.helper, RelayHarness.MACHINE)).path("error").path("code").asString())
                .isEqualTo("rate_limited");
        harness.clock.advance(Duration.ofSeconds(1));
        phone.connect();

        String malformed = SealedDevice.relayId();
        harness.relay.onServerFrame(SealedFrames.hello(malformed, "", phone.deviceId(), "AQ"));
        JsonNode refused = harness.uplink.answer(malformed);
        assertThat(refused.path("error").path("code").asString()).isEqualTo("e2e_refused");
        assertThat(refused.path("error").path("message").asString()).isEqualTo("malformed");
    }

    @Test
    void whileTheUplinkIsBackedUpFramesWaitUnsealedAndAStreamedMessageLeavesMerged() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        String thread = phone.result("thread/start", RelayHarness.threadIn(work).toString()).path("thread").path("id").asString();
        String message = "A reply long enough to stream as many small deltas, merged while the uplink is backed up.";
        int sentBefore = harness.uplink.texts().size();

        harness.uplink.backedUp = true;
        String turnRelayId = phone.send("turn/start", RelayHarness.turn(thread, "SAY: " + message));
        await().atMost(FakeUplink.WAIT).until(() -> harness.notified.contains("turn/completed"));
        // The whole turn happened; none of its session frames left (push frames go their own way, unheld).
        assertThat(harness.uplink.frames().stream().filter(f -> !f.path("type").asString().equals(SealedFrames.PUSH))).hasSize(sentBefore);

        harness.uplink.backedUp = false;
        harness.relay.onDrained();

        phone.awaitOpened(o -> o.frame().path("id").asString().equals(turnRelayId));
        phone.awaitOpened(o -> o.plaintext().path("method").asString().equals("turn/completed"));
        var deltas = phone.opened().stream().filter(o -> o.plaintext().path("method").asString().equals("item/agentMessage/delta")).toList();
        assertThat(deltas).hasSize(1);
        assertThat(deltas.getFirst().plaintext().path("params").path("delta").asString()).isEqualTo(message);
    }
}
