package net.flydex.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.FlydexServer;
import net.flydex.server.app.ServerConfig;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.server.machines.TestAgent;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.Test;

class MetricsRouteTest {
    @Test
    void onlyTheScraperWithTheTokenReadsMetricsAndTheyNameNoAccountOrMachine() throws Exception {
        try (var harness = ServerHarness.sqlite()) {
            ApiClient owner = harness.signedUpBrowser("metrics-canary@example.com");
            var agent = new TestAgent(harness);
            String machineId = agent.pairWith(owner);
            AgentSocketClient helper = agent.connect(machineId);
            assertThat(helper.next().path("type").asString()).isEqualTo("welcome");
            AgentSocketClient browser = open(harness, owner);
            browser.send(Map.of("type", "rpc", "id", "c-1", "machineId", machineId, "method", "thread/list", "params", Map.of()));
            var rpc = helper.next();
            helper.send(RelayFrames.result(rpc.path("id").asString(), WireJson.mapper().readTree("{\"data\":[\"secret-canary\"]}")).toString());
            assertThat(browser.next().path("id").asString()).isEqualTo("c-1");
            var approval = WireJson.mapper().createObjectNode().put("type", "approval").put("machineId", machineId);
            approval.putObject("approval").put("approvalId", "apr_1").put("command", "rm -rf secret-canary");
            helper.send(approval.toString());

            assertThat(status(harness.url(), Optional.empty())).isEqualTo(401);
            assertThat(status(harness.url(), Optional.of("not-the-token"))).isEqualTo(401);
            String metrics = org.awaitility.Awaitility.await().until(harness::scrapeMetrics, m -> m.contains("flydex_approvals_pending 1.0"));

            assertThat(metrics).contains("flydex_connections{kind=\"agent\"} 1.0", "flydex_connections{kind=\"client\"} 1.0",
                    "flydex_relay_messages_total{direction=\"to_agent\"}", "flydex_relay_bytes_sum{direction=\"from_agent\"}",
                    "flydex_relay_latency_seconds_bucket", "flydex_approvals_pending 1.0");
            assertThat(metrics).doesNotContain(machineId, "metrics-canary", "secret-canary", "apr_1");
        }
    }

    @Test
    void errorsTheRelayAnswersItselfAreCountedByCode() throws Exception {
        try (var harness = ServerHarness.sqlite()) {
            ApiClient owner = harness.signedUpBrowser("errors@example.com");
            String machineId = new TestAgent(harness).pairWith(owner);
            AgentSocketClient browser = open(harness, owner);

            browser.send(Map.of("type", "rpc", "id", "c-1", "machineId", machineId, "method", "command/exec", "params", Map.of()));
            browser.send(Map.of("type", "rpc", "id", "c-2", "machineId", "mch_nobody", "method", "thread/list", "params", Map.of()));
            browser.send(Map.of("type", "rpc", "id", "c-3", "machineId", machineId, "method", "thread/list", "params", Map.of()));
            browser.send("{\"type\":");
            for (String code : new String[] {"method_not_allowed", "not_found", "machine_offline", "bad_request"}) {
                assertThat(browser.next().path("error").path("code").asString()).isEqualTo(code);
            }

            String metrics = harness.scrapeMetrics();
            assertThat(metrics).contains("flydex_relay_errors_total{code=\"method_not_allowed\"} 1.0",
                    "flydex_relay_errors_total{code=\"not_found\"} 1.0", "flydex_relay_errors_total{code=\"machine_offline\"} 1.0",
                    "flydex_relay_errors_total{code=\"bad_request\"} 1.0");
        }
    }

    @Test
    void withoutATokenConfiguredMetricsAreNotServed() throws Exception {
        var config = new ServerConfig(0, Files.createTempDirectory("flydex-metrics"), URI.create(ServerHarness.PUBLIC_URL), Optional.empty(),
                Optional.empty(), "n", ServerHarness.TEST_PASSWORDS);
        try (var server = FlydexServer.start(config, Clock.systemUTC())) {
            URI url = URI.create("http://127.0.0.1:" + server.port() + "/");
            assertThat(status(url, Optional.of(ServerHarness.METRICS_TOKEN))).isEqualTo(404);
        }
    }

    private static AgentSocketClient open(ServerHarness harness, ApiClient browser) {
        var builder = HttpClient.newBuilder().cookieHandler(browser.cookies()).build().newWebSocketBuilder()
                .header("Origin", ServerHarness.PUBLIC_URL);
        return AgentSocketClient.open(URI.create("ws://" + harness.url().getAuthority() + "/ws/client"), builder);
    }

    private static int status(URI url, Optional<String> token) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(url.resolve("/metrics"));
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
