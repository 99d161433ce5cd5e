package net.flydex.helper.localapi;

import static net.flydex.helper.localapi.LocalApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.flydex.protocol.CodexStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A helper's local API from the moment its port is bound, before its state is read (LocalApiServer#starting). */
class StartingServerTest {
    private static final LocalControl CONTROL = new LocalControl(LocalApiFixture.STOP_SECRET, () -> { });
    private static final LocalE2e NO_E2E = LocalE2e.of(() -> {
        throw new IllegalStateException("no end-to-end state in this test");
    }, revoked -> { });

    private final AtomicReference<CodexStatus> codex = new AtomicReference<>(CodexStatus.STARTING);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final LocalApiServer server;

    StartingServerTest() throws IOException {
        server = LocalApiServer.starting(LocalPort.bind(0), Set.of(LocalApiFixture.WEB_ORIGIN), "1.2.3", codex::get);
        server.start();
    }

    @AfterEach
    void close() {
        server.close();
        client.close();
    }

    @Test
    void healthSaysStartingWithTheVersionAndCodexButNoMachine() throws Exception {
        HttpResponse<String> response = send(request("/v1/health").header("Origin", LocalApiFixture.WEB_ORIGIN));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(LocalApiFixture.WEB_ORIGIN);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode health = json(response.body());
        assertThat(health.path("status").asString()).isEqualTo("starting");
        assertThat(health.path("version").asString()).isEqualTo("1.2.3");
        assertThat(health.path("helper").path("state").asString()).isEqualTo("starting");
        assertThat(health.path("runtime").path("codex").asString()).isEqualTo("starting");
        assertThat(health.has("machine")).isFalse();
        assertThat(health.has("bridge")).isFalse();

        codex.set(CodexStatus.READY);
        assertThat(json(send(request("/v1/health")).body()).path("runtime").path("codex").asString()).isEqualTo("ready");
    }

    @Test
    void theGuardsApplyWhileStarting() throws Exception {
        assertThat(send(request("/v1/health").header("Origin", "https://evil.example")).statusCode()).isEqualTo(403);
        RawHttp.Response wrongHost = RawHttp.send(server.port(), java.util.List.of("GET /v1/health HTTP/1.1", "Host: evil.example"));
        assertThat(wrongHost.status()).isEqualTo(403);
    }

    @Test
    void otherRoutesWaitForTheStartAndAreThenAnswered() throws Exception {
        var connect = RecordingConnectHandler.accepting();
        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(request("/v1/connect")
                .header("Content-Type", "application/json").header("X-FlyDex-Client", "web")
                .POST(HttpRequest.BodyPublishers.ofString(LocalApiFixture.GOOD_CONNECT_BODY)).build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> unknown = client.sendAsync(request("/nope").build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        assertThat(unknown).isNotDone();

        server.ready(() -> LocalApiFixture.HEALTH, connect, CONTROL, NO_E2E);

        assertThat(waiting.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        assertThat(connect.requests()).hasSize(1);
        assertThat(unknown.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
        HttpResponse<String> health = send(request("/v1/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health.body()).path("status").asString()).isEqualTo("ok");
        assertThat(health.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void aRequestWaitingWhenTheServerClosesEndsInsteadOfHanging() throws Exception {
        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(request("/v1/devices").build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);

        server.close();

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void getsItsRoutesOnce() {
        server.ready(() -> LocalApiFixture.HEALTH, ConnectHandler.notImplemented(), CONTROL, NO_E2E);
        assertThatThrownBy(() -> server.ready(() -> LocalApiFixture.HEALTH, ConnectHandler.notImplemented(), CONTROL, NO_E2E))
                .isInstanceOf(IllegalStateException.class);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
