package net.flydex.server.push;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.Decision;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.Base64Url;
import net.flydex.protocol.e2e.P256;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.e2e.DebugLogs;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.machines.AgentEndpoint;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.server.relay.Relay;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Everything end-to-end the control plane carries - hellos, sealed frames, introductions, keys,
 * sealed pushes and decisions - stays out of its logs, debug lines included; and what it only
 * routes (hellos, sealed frames and decisions) stays out of its database.
 */
class SealedTrafficLeaksTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CANARY_NAME = "canary-device-7d1e";

    @Test
    void aWholeSealedConversationLeavesNothingItCarriedInLogsOrTheDatabase() throws Exception {
        var logs = new ByteArrayOutputStream();
        PrintStream err = System.err;
        PrintStream out = System.out;
        var capture = new PrintStream(logs, true, UTF_8);
        List<String> carried = new ArrayList<>();
        List<String> routedOnly = new ArrayList<>();
        String dataDir;
        System.setErr(capture);
        System.setOut(capture);
        try (var debug = DebugLogs.enable(Relay.class, Class.forName("net.flydex.server.relay.RpcRouter"),
                Class.forName("net.flydex.server.relay.SessionRoutes"), AgentEndpoint.class, PushNotifier.class, PushSender.class);
                var ada = HelperWithPhones.start("ada@example.com")) {
            dataDir = ada.harness.dataDir.toString();
            String helperKey = Base64Url.encode(P256.generate(new SecureRandom()).publicKey());
            ada.helper.send(new AgentMessage.HelperKey(helperKey));
            await().atMost(WAIT).until(() -> helperKey.equals(ada.account.get("/api/machines").body().path("machines").path(0)
                    .path("e2eKey").asString()));
            carried.add(helperKey);
            var phone = ada.phone();
            var device = phone.device().orElseThrow();
            AgentSocketClient browser = AgentSocketClient.open(URI.create("ws://127.0.0.1:" + ada.harness.server.port() + "/ws/client"),
                    HttpClient.newBuilder().cookieHandler(ada.account.cookies()).build().newWebSocketBuilder()
                            .header("Origin", ServerHarness.PUBLIC_URL));

            var handshake = device.client().handshake(device.helper(), ada.machineId);
            browser.send(SealedFrames.hello("h-1", ada.machineId, device.deviceId(), handshake.hello()).toString());
            JsonNode hello = ada.helper.next();
            var answer = ada.e2e.endpoint.answer(hello.path("deviceId").asString(), hello.path("hello").asString());
            ada.helper.send(SealedFrames.helloAnswer(hello.path("id").asString(), answer.session().sessionId(), answer.reply()).toString());
            var session = handshake.finish(browser.next().path("result").path("reply").asString());
            String rpc = session.seal(SealedFrames.RPC, "", "{\"id\":\"c\",\"method\":\"turn/start\"}".getBytes(UTF_8));
            browser.send(SealedFrames.rpc("c-1", ada.machineId, device.deviceId(), session.sessionId(), rpc).toString());
            JsonNode forwarded = ada.helper.next();
            String result = answer.session().seal(SealedFrames.RESULT, "", "{\"id\":\"c\",\"result\":{}}".getBytes(UTF_8));
            ada.helper.send(SealedFrames.result(forwarded.path("id").asString(), device.deviceId(), session.sessionId(), result).toString());
            browser.next();
            String event = answer.session().seal(SealedFrames.EVENT, "", "{\"method\":\"item/agentMessage/delta\"}".getBytes(UTF_8));
            ada.helper.send(SealedFrames.event(ada.machineId, device.deviceId(), session.sessionId(), event).toString());
            browser.next();
            var introduction = ada.e2e.introduction(CANARY_NAME);
            browser.send(SealedFrames.introduce("i-1", ada.machineId, E2eFields.json(introduction)).toString());
            JsonNode introduce = ada.helper.next();
            ada.helper.send(RelayFrames.result(introduce.path("id").asString(), WireJson.mapper().createObjectNode()).toString());
            browser.next();
            browser.send(SealedFrames.hello("h-2", ada.machineId, device.deviceId(), CANARY_NAME + "!").toString());
            assertThat(browser.next().toString()).as("refused as malformed, without echoing it").doesNotContain(CANARY_NAME);

            ada.approval("apv_leak", "echo canary-command-91c2");
            JsonNode pushed = phone.browser().next(WAIT).payload().orElseThrow();
            String decision = device.client().sealDecision(device.helper(), ada.machineId, "apv_leak", Decision.ACCEPT, "k");
            var deciding = Thread.ofVirtual().start(() -> {
                try {
                    JsonNode frame = ada.helper.next();
                    ada.helper.send(RelayFrames.result(frame.path("id").asString(), WireJson.mapper().readTree(
                            "{\"approvalId\":\"apv_leak\",\"decision\":\"accept\",\"resolvedBy\":\"flydex\"}")).toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ada.account.post("/api/machines/" + ada.machineId + "/approvals/apv_leak/decision",
                    Map.of("deviceId", device.deviceId(), "sealed", decision));
            deciding.join();
            browser.close();
            ada.helper.next(); // e2e/closed

            routedOnly.addAll(List.of(handshake.hello(), answer.reply(), rpc, result, event, pushed.path("sealed").asString(), decision));
            carried.addAll(routedOnly);
            carried.addAll(List.of(introduction.proof(), introduction.devicePublicKey(), CANARY_NAME, "canary-command-91c2"));
            assertThat(databaseFiles(Path.of(dataDir))).doesNotContain(routedOnly).doesNotContain("canary-command-91c2");
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        assertThat(logs.toString(UTF_8)).as("debug lines were on").contains("e2e/hello").contains("sealed rpc")
                .doesNotContain(carried);
    }

    /** Every byte SQLite wrote (main file and WAL), as text. */
    private static String databaseFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile).map(file -> {
                try {
                    return new String(Files.readAllBytes(file), ISO_8859_1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).reduce("", String::concat);
        }
    }
}
