package net.flydex.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import net.flydex.protocol.Limits;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** T7, T10 and hostile input on {@code /ws/client}: who may open it, and what closes it. */
class ClientSocketGuardsTest {
    private ServerHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = ServerHarness.sqlite();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheUpgrade() {
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        String token = bearerToken("bea@example.com");

        assertThat(BrowserSockets.refusal(harness, ada, Map.of("Origin", "http://evil.test"))).isEqualTo(403);
        assertThat(BrowserSockets.refusal(harness, ada, Map.of("Origin", ServerHarness.PUBLIC_URL + ".evil.test"))).isEqualTo(403);
        assertThat(BrowserSockets.refusal(harness, ada, Map.of("Origin", "null"))).isEqualTo(403);
        assertThat(BrowserSockets.refusal(harness, ada, Map.of())).as("the cookie without an Origin").isEqualTo(403);
        assertThat(BrowserSockets.refusal(harness, harness.cli(), Map.of("Authorization", "Bearer " + token,
                "Origin", "http://evil.test"))).isEqualTo(403);
    }

    @Test
    void withoutALiveSessionTheUpgradeIsRefused() {
        ApiClient anonymous = harness.browser();

        assertThat(BrowserSockets.refusal(harness, anonymous, Map.of("Origin", ServerHarness.PUBLIC_URL))).isEqualTo(401);
        assertThat(BrowserSockets.refusal(harness, harness.cli(), Map.of("Authorization", "Bearer not-a-session"))).isEqualTo(401);
    }

    @Test
    void aBearerTokenWithoutOriginOpensTheSocket() throws Exception {
        String token = bearerToken("cli@example.com");

        try (AgentSocketClient socket = BrowserSockets.open(harness, harness.cli(), Map.of("Authorization", "Bearer " + token))) {
            socket.send("{\"type\":\"subscribe\",\"machineId\":\"mch_none\"}");
            assertThat(socket.next().path("error").path("code").asString()).isEqualTo("not_found");
        }
    }

    @Test
    void signingOutClosesTheSessionsSockets() throws Exception {
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        AgentSocketClient first = BrowserSockets.open(harness, ada);
        AgentSocketClient second = BrowserSockets.open(harness, ada);
        ApiClient other = harness.signedUpBrowser("other@example.com");
        AgentSocketClient unrelated = BrowserSockets.open(harness, other);

        assertThat(ada.post("/api/auth/signout", "{}").status()).isEqualTo(204);

        assertThat(first.awaitClose()).isEqualTo(ClientClose.SESSION_ENDED);
        assertThat(second.awaitClose()).isEqualTo(ClientClose.SESSION_ENDED);
        unrelated.send("{\"type\":\"subscribe\",\"machineId\":\"mch_none\"}");
        assertThat(unrelated.next().path("error").path("code").asString()).as("another session's socket lives on").isEqualTo("not_found");
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() throws Exception {
        try (AgentSocketClient socket = BrowserSockets.open(harness, harness.signedUpBrowser("ada@example.com"))) {
            socket.send("{\"type\":\"subscribe\",\"machineId\":\"" + "x".repeat(Limits.MAX_FRAME_BYTES) + "\"}");
            assertThat(socket.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void aBinaryFrameClosesWith1003() throws Exception {
        try (AgentSocketClient socket = BrowserSockets.open(harness, harness.signedUpBrowser("ada@example.com"))) {
            socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(socket.awaitClose()).isEqualTo(ClientClose.UNSUPPORTED_DATA);
        }
    }

    @Test
    void malformedFramesAnswerBadRequestAndTheSocketStaysUsable() throws Exception {
        PairedMachine ada = PairedMachine.online(harness, "ada@example.com");
        AgentSocketClient browser = ada.openBrowser();
        String[] withoutId = {
            "not json", "{\"type\":\"rpc\"", "[1,2]", "\"rpc\"", "null", "{}", "{\"type\":42}",
            "{\"type\":\"rpc\",\"type\":\"subscribe\",\"machineId\":\"m\"}", "[".repeat(500) + "]".repeat(500),
            "{\"type\":\"rpc\",\"id\":7,\"machineId\":\"m\",\"method\":\"thread/list\"}",
            "{\"type\":\"rpc\",\"id\":\"" + "i".repeat(129) + "\",\"machineId\":\"m\",\"method\":\"thread/list\"}",
            "{\"type\":\"subscribe\"}", "{\"type\":\"subscribe\",\"machineId\":[\"m\"]}", "{\"type\":\"subscribe\",\"machineId\":\"\"}",
        };
        for (String frame : withoutId) {
            browser.send(frame);
            JsonNode answer = browser.next();
            assertThat(answer.path("type").asString()).as(frame).isEqualTo("error");
            assertThat(answer.path("id").isNull()).as(frame).isTrue();
            assertThat(answer.path("error").path("code").asString()).as(frame).isEqualTo("bad_request");
        }
        String[] withId = {
            "{\"type\":\"shell\",\"id\":\"c-1\",\"command\":\"rm -rf /\"}",
            "{\"type\":\"rpc\",\"id\":\"c-1\",\"method\":\"thread/list\"}",
            "{\"type\":\"rpc\",\"id\":\"c-1\",\"machineId\":\"m\"}",
            "{\"type\":\"rpc\",\"id\":\"c-1\",\"machineId\":\"m\",\"method\":\"thread/list\",\"params\":[1]}",
            "{\"type\":\"rpc\",\"id\":\"c-1\",\"machineId\":\"m\",\"method\":\"thread/list\",\"params\":\"{}\"}",
            "{\"type\":\"rpc\",\"id\":\"c-1\",\"machineId\":\"m\",\"method\":5}",
        };
        for (String frame : withId) {
            browser.send(frame);
            JsonNode answer = browser.next();
            assertThat(answer.path("id").asString()).as(frame).isEqualTo("c-1");
            assertThat(answer.path("error").path("code").asString()).as(frame).isEqualTo("bad_request");
        }

        assertThat(ada.subscribe(browser).path("online").asBoolean()).as("the socket still works").isTrue();
        assertThat(ada.helper.isClosed()).isFalse();
    }

    private String bearerToken(String email) {
        var signup = harness.cli().post("/api/auth/signup", Map.of("email", email, "password", "correct horse battery",
                "tokenInBody", true));
        assertThat(signup.status()).isEqualTo(201);
        return signup.body().path("sessionToken").asString();
    }
}
