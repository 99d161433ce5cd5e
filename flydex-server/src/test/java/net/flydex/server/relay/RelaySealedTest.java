package net.flydex.server.relay;

import static net.flydex.server.relay.RelayTestServer.NOTHING_WITHIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.Session;
import net.flydex.server.app.Backend;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.e2e.E2eParties;
import net.flydex.server.machines.AgentSocketClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * End-to-end frames through the relay (docs/e2e.md, "Wiring"): hellos, sealed rpcs and
 * introductions take the rpc path; sealed helper frames reach the one socket whose session they
 * name. The test plays the helper with flydex-protocol's real {@link HelperEndpoint}, so frames
 * are what a helper would send; the server opens none of them.
 */
class RelaySealedTest {
    @AutoClose
    private final RelayTestServer server = new RelayTestServer();
    /** Set by {@link #adaOnline}: Ada's machine, its helper's end-to-end side, and her trusted phone. */
    private PairedMachine ada;
    private E2eParties e2e;
    private E2eParties.Device phone;

    @Test
    void aHandshakeThenASealedRpcAndItsAnswerCrossTheRelayUnread() throws Exception {
        adaOnline(Backend.SQLITE);
        AgentSocketClient browser = ada.openBrowser();

        DeviceClient.Handshake handshake = phone.client().handshake(phone.helper(), ada.machineId);
        browser.send(SealedFrames.hello("h-1", ada.machineId, phone.deviceId(), handshake.hello()).toString());
        JsonNode hello = ada.helper.next();
        assertThat(hello.path("type").asString()).isEqualTo("e2e/hello");
        assertThat(hello.path("id").asString()).startsWith("rly_");
        assertThat(hello.has("machineId")).as("the helper knows its own machine").isFalse();
        assertThat(hello.path("deviceId").asString()).isEqualTo(phone.deviceId());
        assertThat(hello.path("hello").asString()).isEqualTo(handshake.hello());
        HelperEndpoint.Answer answer = e2e.endpoint.answer(hello.path("deviceId").asString(), hello.path("hello").asString());
        Session helperSide = answer.session();
        ada.helper.send(SealedFrames.helloAnswer(hello.path("id").asString(), helperSide.sessionId(), answer.reply()).toString());
        JsonNode opened = browser.next();
        assertThat(opened.path("id").asString()).isEqualTo("h-1");
        Session deviceSide = handshake.finish(opened.path("result").path("reply").asString());
        assertThat(deviceSide.sessionId()).isEqualTo(helperSide.sessionId());

        String sealed = deviceSide.seal(SealedFrames.RPC, "", utf8("{\"id\":\"c-1\",\"method\":\"thread/list\",\"params\":{}}"));
        browser.send(SealedFrames.rpc("c-1", ada.machineId, phone.deviceId(), deviceSide.sessionId(), sealed).toString());
        JsonNode rpc = ada.helper.next();
        assertThat(rpc.path("type").asString()).isEqualTo("rpc");
        assertThat(rpc.path("id").asString()).startsWith("rly_");
        assertThat(rpc.has("machineId")).isFalse();
        assertThat(rpc.has("method")).as("the method is sealed").isFalse();
        assertThat(rpc.path("sealed").asString()).isEqualTo(sealed);
        assertThat(new String(helperSide.open(SealedFrames.RPC, "", rpc.path("sealed").asString()), StandardCharsets.UTF_8))
                .contains("thread/list");
        String result = helperSide.seal(SealedFrames.RESULT, "", utf8("{\"id\":\"c-1\",\"result\":{\"data\":[]}}"));
        ada.helper.send(SealedFrames.result(rpc.path("id").asString(), phone.deviceId(), helperSide.sessionId(), result).toString());

        JsonNode back = browser.next();
        assertThat(back.path("type").asString()).isEqualTo("result");
        assertThat(back.path("id").asString()).isEqualTo("c-1");
        assertThat(new String(deviceSide.open(SealedFrames.RESULT, "", back.path("sealed").asString()), StandardCharsets.UTF_8))
                .contains("\"data\":[]");
    }

    @Test
    void sealedHelperFramesReachOnlyTheSocketOfTheirSessionWhileClearOnesStillReachEverySubscriber() throws Exception {
        adaOnline(Backend.SQLITE);
        AgentSocketClient tab = ada.openBrowser();
        AgentSocketClient otherTab = ada.openBrowser();
        ada.subscribe(tab);
        ada.subscribe(otherTab);
        Opened mine = open(tab, "h-1");
        Opened theirs = open(otherTab, "h-2");

        String event = mine.helper().seal(SealedFrames.EVENT, "", utf8("{\"method\":\"turn/started\",\"params\":{}}"));
        ada.helper.send(SealedFrames.event(ada.machineId, phone.deviceId(), mine.sessionId(), event).toString());
        String card = mine.helper().seal(SealedFrames.APPROVAL, "apv_1", utf8("{\"approvalId\":\"apv_1\",\"command\":\"npm test\"}"));
        ada.helper.send(SealedFrames.approvalBound(SealedFrames.APPROVAL, ada.machineId, phone.deviceId(), mine.sessionId(), "apv_1", card)
                .toString());
        var clear = RelayFrames.event(ada.machineId, "turn/completed", WireJson.mapper().createObjectNode());
        ada.helper.send(clear.toString());

        JsonNode first = tab.next();
        assertThat(first.path("sealed").asString()).isEqualTo(event);
        assertThat(mine.device().open(SealedFrames.EVENT, "", first.path("sealed").asString())).isNotEmpty();
        JsonNode second = tab.next();
        assertThat(second.path("approvalId").asString()).isEqualTo("apv_1");
        assertThat(mine.device().open(SealedFrames.APPROVAL, "apv_1", second.path("sealed").asString())).isNotEmpty();
        assertThat(tab.next()).isEqualTo(clear);
        assertThat(otherTab.next()).as("the other tab's session gets none of them; the clear event it does").isEqualTo(clear);
        assertThat(otherTab.poll(NOTHING_WITHIN)).isEmpty();
        assertThat(theirs.sessionId()).isNotEqualTo(mine.sessionId());
    }

    @Test
    void aSealedFrameNamingAnotherMachineOrAMalformedSessionIsDropped() throws Exception {
        adaOnline(Backend.SQLITE);
        PairedMachine bob = server.online("bob@example.com");
        AgentSocketClient tab = ada.openBrowser();
        Opened session = open(tab, "h-1");
        String event = session.helper().seal(SealedFrames.EVENT, "", utf8("{}"));

        bob.helper.send(SealedFrames.event(ada.machineId, phone.deviceId(), session.sessionId(), event).toString());
        ada.helper.send(SealedFrames.event(bob.machineId, phone.deviceId(), session.sessionId(), event).toString());
        ada.helper.send(SealedFrames.event(ada.machineId, "short", session.sessionId(), event).toString());
        ada.helper.send(SealedFrames.event(ada.machineId, phone.deviceId(), "not/base64url!!!", event).toString());

        assertThat(tab.poll(NOTHING_WITHIN)).as("another machine's helper cannot reach ada's session").isEmpty();
    }

    @Test
    void aSealedRpcInASessionThisSocketDidNotOpenIsSessionUnknownAndNeverReachesTheHelper() throws Exception {
        adaOnline(Backend.SQLITE);
        AgentSocketClient owner = ada.openBrowser();
        AgentSocketClient intruder = ada.openBrowser();
        Opened session = open(owner, "h-1");
        String sealed = session.device().seal(SealedFrames.RPC, "", utf8("{\"id\":\"x\",\"method\":\"turn/start\",\"params\":{}}"));

        intruder.send(SealedFrames.rpc("x-1", ada.machineId, phone.deviceId(), session.sessionId(), sealed).toString());
        JsonNode borrowed = intruder.next();
        owner.send(SealedFrames.rpc("x-2", ada.machineId, phone.deviceId(), "AAAAAAAAAAAAAAAA", sealed).toString());
        JsonNode invented = owner.next();

        assertThat(borrowed.path("id").asString()).isEqualTo("x-1");
        assertThat(borrowed.path("error").path("code").asString()).isEqualTo("session_unknown");
        assertThat(invented.path("error").path("code").asString()).isEqualTo("session_unknown");
        assertThat(ada.helper.poll(NOTHING_WITHIN)).isEmpty();
    }

    @Test
    void aRefusedHelloOpensNoSession() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        AgentSocketClient browser = ada.openBrowser();
        String deviceId = "AAAAAAAAAAAAAAAAAAAAAA";

        browser.send(SealedFrames.hello("h-1", ada.machineId, deviceId, "AQ" + "A".repeat(86)).toString());
        JsonNode hello = ada.helper.next();
        ada.helper.send(RelayFrames.error(hello.path("id").asString(), new RpcError(ErrorCode.DEVICE_UNKNOWN, "not a trusted device"))
                .toString());
        JsonNode refused = browser.next();
        assertThat(refused.path("id").asString()).isEqualTo("h-1");
        assertThat(refused.path("error").path("code").asString()).isEqualTo("device_unknown");

        browser.send(SealedFrames.hello("h-2", ada.machineId, deviceId, "AQ" + "B".repeat(86)).toString());
        JsonNode again = ada.helper.next();
        ada.helper.send(SealedFrames.helloAnswer(again.path("id").asString(), "not a session id", "AQ").toString());
        JsonNode malformed = browser.next();
        assertThat(malformed.path("id").asString()).isEqualTo("h-2");
        assertThat(malformed.path("error").path("code").asString()).isEqualTo("e2e_refused");

        browser.send(SealedFrames.rpc("c-1", ada.machineId, deviceId, "AAAAAAAAAAAAAAAA", "A".repeat(40)).toString());
        assertThat(browser.next().path("error").path("code").asString()).isEqualTo("session_unknown");
        assertThat(ada.helper.poll(NOTHING_WITHIN)).isEmpty();
    }

    @Test
    void closingOrUnsubscribingTellsTheHelperWhichSessionsEnded() throws Exception {
        adaOnline(Backend.SQLITE);
        AgentSocketClient first = ada.openBrowser();
        AgentSocketClient second = ada.openBrowser();
        ada.subscribe(first);
        Opened a = open(first, "h-1");
        Opened b = open(first, "h-2");
        Opened c = open(second, "h-3");

        first.close();
        JsonNode one = ada.helper.next();
        JsonNode two = ada.helper.next();
        assertThat(List.of(one, two)).allSatisfy(closed -> {
            assertThat(closed.path("type").asString()).isEqualTo("e2e/closed");
            assertThat(closed.path("deviceId").asString()).isEqualTo(phone.deviceId());
            assertThat(closed.has("machineId")).isFalse();
        });
        assertThat(List.of(one.path("sessionId").asString(), two.path("sessionId").asString()))
                .containsExactlyInAnyOrder(a.sessionId(), b.sessionId());
        assertThat(ada.helper.poll(NOTHING_WITHIN)).as("the other socket's session lives on").isEmpty();

        second.send(Map.of("type", "unsubscribe", "machineId", ada.machineId));
        JsonNode three = ada.helper.next();
        assertThat(three).isEqualTo(SealedFrames.closed(phone.deviceId(), c.sessionId()));
        second.send(SealedFrames.rpc("c-1", ada.machineId, phone.deviceId(), c.sessionId(), "A".repeat(40)).toString());
        assertThat(second.next().path("error").path("code").asString()).isEqualTo("session_unknown");
    }

    @Test
    void aSessionTheHelperClosesIsForwardedAndForgotten() throws Exception {
        adaOnline(Backend.SQLITE);
        AgentSocketClient tab = ada.openBrowser();
        Opened session = open(tab, "h-1");

        var closed = SealedFrames.closed(ada.machineId, phone.deviceId(), session.sessionId(), "device_unknown");
        ada.helper.send(closed.toString());
        assertThat(tab.next()).isEqualTo(closed);
        ada.helper.send(SealedFrames.event(ada.machineId, phone.deviceId(), session.sessionId(), "A".repeat(40)).toString());
        assertThat(tab.poll(NOTHING_WITHIN)).as("the route is gone").isEmpty();
        tab.send(SealedFrames.rpc("c-1", ada.machineId, phone.deviceId(), session.sessionId(), "A".repeat(40)).toString());
        assertThat(tab.next().path("error").path("code").asString()).isEqualTo("session_unknown");
        tab.close();
        assertThat(ada.helper.poll(NOTHING_WITHIN)).as("the helper ended it itself: nothing to tell").isEmpty();
    }

    @Test
    void anIntroductionGoesToTheHelperRewrittenFromItsCheckedFieldsAndItsAnswerComesBack() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        var e2e = new E2eParties(ada.machineId);
        var introduction = e2e.introduction("Ada's second phone");
        AgentSocketClient browser = ada.openBrowser();

        browser.send(SealedFrames.introduce("i-1", ada.machineId, E2eFields.json(introduction)).toString());
        JsonNode forwarded = ada.helper.next();
        assertThat(forwarded.path("type").asString()).isEqualTo("e2e/introduce");
        assertThat(forwarded.path("id").asString()).startsWith("rly_");
        assertThat(forwarded.has("machineId")).isFalse();
        var accepted = e2e.introductions.accept(new net.flydex.protocol.e2e.Introduction(
                forwarded.path("introduction").path("offerId").asString(), forwarded.path("introduction").path("devicePublicKey").asString(),
                forwarded.path("introduction").path("deviceName").asString(), forwarded.path("introduction").path("proof").asString()));
        ada.helper.send(RelayFrames.result(forwarded.path("id").asString(), WireJson.mapper().createObjectNode()
                .put("deviceId", accepted.deviceId()).put("proof", accepted.proof())).toString());

        JsonNode answer = browser.next();
        assertThat(answer.path("id").asString()).isEqualTo("i-1");
        assertThat(answer.path("result").path("deviceId").asString()).isEqualTo(accepted.deviceId());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anotherAccountsMachineIsNotFoundForEveryEndToEndRequestAndItsHelperReceivesNothing(Backend backend) throws Exception {
        adaOnline(backend);
        AgentSocketClient adas = ada.openBrowser();
        Opened session = open(adas, "h-1");
        AgentSocketClient mallory = server.stranger();

        mallory.send(SealedFrames.hello("m-1", ada.machineId, phone.deviceId(), "AQ" + "A".repeat(86)).toString());
        mallory.send(SealedFrames.rpc("m-2", ada.machineId, phone.deviceId(), session.sessionId(), "A".repeat(40)).toString());
        mallory.send(SealedFrames.introduce("m-3", ada.machineId, E2eFields.json(e2e.introduction("Mallory"))).toString());
        mallory.send(SealedFrames.hello("m-4", "mch_doesNotExistAnywhere123", phone.deviceId(), "AQ" + "A".repeat(86)).toString());

        JsonNode unknown = null;
        for (String id : List.of("m-1", "m-2", "m-3", "m-4")) {
            JsonNode answer = mallory.next();
            assertThat(answer.path("id").asString()).isEqualTo(id);
            assertThat(answer.path("error").path("code").asString()).as(id).isEqualTo("not_found");
            unknown = answer;
        }
        assertThat(unknown.path("error").path("message").asString()).isEqualTo("not found");
        assertThat(ada.helper.poll(NOTHING_WITHIN)).isEmpty();
    }

    @Test
    void malformedEndToEndFramesAreBadRequestsThatQuoteNothingAndReachNoHelper() throws Exception {
        PairedMachine ada = server.startWithAda(Backend.SQLITE);
        var e2e = new E2eParties(ada.machineId);
        var good = E2eFields.json(e2e.introduction("Ada's phone"));
        String device = "AAAAAAAAAAAAAAAAAAAAAA";
        String session = "AAAAAAAAAAAAAAAA";
        String sealed = "A".repeat(40);
        String m = ada.machineId;
        String secret = "SECRETSECRETSECRETSECRET";
        List<String> frames = List.of(
                SealedFrames.hello("x", m, "AAAA", "AQ").toString(),
                SealedFrames.hello("x", m, device + "A", "AQ").toString(),
                SealedFrames.hello("x", m, "AAAAAAAAAAAAAAAAAAAAA+", "AQ").toString(),
                SealedFrames.hello("x", m, "AAAAAAAAAAAAAAAAAAAAAB", "AQ").toString(), // non-zero trailing bits: not canonical
                SealedFrames.hello("x", m, device, secret + "A".repeat(E2eFields.MAX_HELLO_CHARS)).toString(),
                SealedFrames.hello("x", m, device, secret + "=").toString(),
                SealedFrames.hello("x", m, device, "").toString(),
                "{\"type\":\"e2e/hello\",\"id\":\"x\",\"machineId\":\"" + m + "\",\"deviceId\":\"" + device + "\",\"hello\":7}",
                "{\"type\":\"e2e/hello\",\"id\":\"x\",\"machineId\":\"" + m + "\",\"hello\":\"AQ\"}",
                SealedFrames.rpc("x", m, device, session + "A", sealed).toString(),
                SealedFrames.rpc("x", m, device, "AAAAAAAAAAAAAAA.", sealed).toString(),
                SealedFrames.rpc("x", m, device, session, "AAAA").toString(),
                SealedFrames.rpc("x", m, device, session, secret + " " + secret).toString(),
                SealedFrames.rpc("x", m, device, session, "A".repeat(1000) + "==").toString(),
                SealedFrames.rpc("x", m, device, session, "A".repeat(1001)).toString(), // a length base64 never has
                SealedFrames.rpc("x", m, device, session, sealed).put("method", "command/exec").toString(),
                SealedFrames.rpc("x", m, device, session, sealed).put("params", "{}").toString(),
                "{\"type\":\"rpc\",\"id\":\"x\",\"machineId\":\"" + m + "\",\"deviceId\":\"" + device + "\",\"sealed\":\"" + sealed + "\"}",
                SealedFrames.introduce("x", m, good.deepCopy().put("extra", secret)).toString(),
                SealedFrames.introduce("x", m, good.deepCopy().put("deviceName", "")).toString(),
                SealedFrames.introduce("x", m, good.deepCopy().put("deviceName", secret.repeat(3))).toString(),
                SealedFrames.introduce("x", m, good.deepCopy().put("deviceName", "Ada\nRoot")).toString(),
                SealedFrames.introduce("x", m, good.deepCopy().put("devicePublicKey", "C" + good.path("devicePublicKey").asString()
                        .substring(1))).toString(), // not 0x04 first
                SealedFrames.introduce("x", m, good.deepCopy().put("devicePublicKey", "BA" + "A".repeat(85))).toString(), // off the curve
                SealedFrames.introduce("x", m, good.deepCopy().put("offerId", secret)).toString(),
                SealedFrames.introduce("x", m, good.deepCopy().put("proof", secret)).toString(),
                SealedFrames.introduce("x", m, good.deepCopy().put("proof", 7)).toString(),
                SealedFrames.introduce("x", m, WireJson.mapper().createArrayNode()).toString(),
                "{\"type\":\"e2e/introduce\",\"id\":\"x\",\"machineId\":\"" + m + "\"}");
        AgentSocketClient browser = ada.openBrowser();

        for (String frame : frames) {
            String shown = frame.substring(0, Math.min(200, frame.length()));
            browser.send(frame);
            JsonNode answer = browser.poll(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no answer to " + shown));
            assertThat(answer.path("error").path("code").asString()).as(shown).isEqualTo("bad_request");
            assertThat(answer.path("id").asString()).isEqualTo("x");
            assertThat(answer.toString()).doesNotContain("SECRET").doesNotContain("Root").doesNotContain("AAAAAAAA");
        }
        assertThat(ada.helper.poll(NOTHING_WITHIN)).isEmpty();
    }

    /** Puts Ada's machine online with its helper played by the test ({@link #ada}), the helper's real keys ({@link #e2e}), and a phone it trusts ({@link #phone}). */
    private void adaOnline(Backend backend) throws Exception {
        ada = server.startWithAda(backend);
        e2e = new E2eParties(ada.machineId);
        phone = e2e.introduce("Ada's phone");
    }

    /** An open session: its id and both ends. */
    record Opened(String sessionId, Session device, Session helper) {}

    /** Handshakes Ada's phone on {@code socket} through the relay, the test answering as the helper. */
    private Opened open(AgentSocketClient socket, String id) throws Exception {
        DeviceClient.Handshake handshake = phone.client().handshake(phone.helper(), ada.machineId);
        socket.send(SealedFrames.hello(id, ada.machineId, phone.deviceId(), handshake.hello()).toString());
        JsonNode hello = ada.helper.next();
        assertThat(hello.path("type").asString()).as(hello.toString()).isEqualTo("e2e/hello");
        HelperEndpoint.Answer answer = e2e.endpoint.answer(hello.path("deviceId").asString(), hello.path("hello").asString());
        ada.helper.send(SealedFrames.helloAnswer(hello.path("id").asString(), answer.session().sessionId(), answer.reply()).toString());
        JsonNode opened = socket.next();
        assertThat(opened.path("id").asString()).as(opened.toString()).isEqualTo(id);
        return new Opened(answer.session().sessionId(), handshake.finish(opened.path("result").path("reply").asString()), answer.session());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
