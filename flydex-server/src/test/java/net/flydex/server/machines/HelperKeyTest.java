package net.flydex.server.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.e2e.Base64Url;
import net.flydex.protocol.e2e.P256;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The helper's end-to-end key ({@link AgentMessage.HelperKey}): stored on its machine and listed as {@code e2eKey}. */
class HelperKeyTest {
    private ServerHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWelcomedHelpersKeyIsListedAsE2eKeyAndMalformedOnesAreIgnored(Backend backend) throws Exception {
        harness = backend.start();
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        var agent = new TestAgent(harness);
        String machineId = agent.pairWith(ada);
        assertThat(machine(ada).path("e2eKey").asString()).as("empty until a helper reported one").isEmpty();
        String key = Base64Url.encode(P256.generate(new SecureRandom()).publicKey());
        byte[] offCurve = new byte[65];
        offCurve[0] = 4;
        // "+" is base64 but not base64url; swapping '-' and '_' for '+' and '/' changed nothing when a key had neither
        List<String> malformed = List.of("{\"type\":\"helperKey\"}", "{\"type\":\"helperKey\",\"publicKey\":7}",
                helperKey(key.substring(1)), helperKey(key + "="), helperKey("+" + key.substring(1)),
                helperKey(Base64Url.encode(offCurve)), helperKey("C" + key.substring(1)), helperKey("x".repeat(100_000)));

        AgentSocketClient helper = agent.connect(machineId);
        assertThat(helper.next().path("type").asString()).isEqualTo("welcome");
        malformed.forEach(helper::send);
        helper.send(new AgentMessage.Status(CodexStatus.STARTING));
        await().atMost(Duration.ofSeconds(5)).until(() -> "starting".equals(machine(ada).path("codexStatus").asString()));
        assertThat(machine(ada).path("e2eKey").asString()).as("malformed keys are ignored").isEmpty();
        assertThat(helper.isClosed()).as("and the socket stays open").isFalse();

        helper.send(new AgentMessage.HelperKey(key));
        await().atMost(Duration.ofSeconds(5)).until(() -> key.equals(machine(ada).path("e2eKey").asString()));
        malformed.forEach(helper::send);
        helper.send(new AgentMessage.Status(CodexStatus.READY));
        await().atMost(Duration.ofSeconds(5)).until(() -> "ready".equals(machine(ada).path("codexStatus").asString()));
        assertThat(machine(ada).path("e2eKey").asString()).isEqualTo(key);

        var renamed = ada.patch("/api/machines/" + machineId, Map.of("name", "Work laptop"));
        assertThat(renamed.body().path("machine").path("e2eKey").asString()).as("wherever a machine is shown").isEqualTo(key);
        helper.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !machine(ada).path("online").asBoolean());
        assertThat(machine(ada).path("e2eKey").asString()).as("kept while the machine is offline").isEqualTo(key);
    }

    private static String helperKey(String publicKey) {
        return "{\"type\":\"helperKey\",\"publicKey\":\"" + publicKey + "\"}";
    }

    private static JsonNode machine(ApiClient browser) {
        return browser.get("/api/machines").body().path("machines").path(0);
    }
}
