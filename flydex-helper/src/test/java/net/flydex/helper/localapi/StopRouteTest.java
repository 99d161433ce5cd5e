package net.flydex.helper.localapi;

import static net.flydex.helper.localapi.LocalApiFixture.STOP_SECRET;
import static net.flydex.helper.localapi.LocalApiFixture.WEB_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/stop}: only the CLI with the control file's secret stops the helper; no web page can. */
class StopRouteTest {
    @AutoClose
    private final LocalApiFixture api;

    StopRouteTest() throws IOException {
        api = LocalApiFixture.start();
    }

    @Test
    void theSecretStopsTheHelper() throws Exception {
        HttpResponse<String> response = api.send(stopRequest().header("Authorization", "Bearer " + STOP_SECRET));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> api.stops.get() == 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer ", "Bearer wrong", "Bearer " + STOP_SECRET + "x", "Basic " + STOP_SECRET, STOP_SECRET})
    void aMissingOrWrongSecretIs401AndStopsNothing(String authorization) throws Exception {
        HttpRequest.Builder request = stopRequest();
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = api.send(request);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(LocalApiFixture.errorCode(response)).isEqualTo("unauthorized");
        Thread.sleep(300);
        assertThat(api.stops.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {WEB_ORIGIN, "https://evil.example", "null"})
    void anyOriginIsRefusedEvenWithTheSecretAndGetsNoCors(String origin) throws Exception {
        HttpResponse<String> response = api.send(stopRequest().header("Authorization", "Bearer " + STOP_SECRET).header("Origin", origin));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(LocalApiFixture.errorCode(response)).isEqualTo("bad_origin");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        Thread.sleep(300);
        assertThat(api.stops.get()).isZero();
    }

    @Test
    void aPreflightFromTheWebOriginIsRefused() throws Exception {
        HttpResponse<String> response = api.send(api.request("/v1/stop").header("Origin", WEB_ORIGIN)
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aRebindingHostIsRefusedBeforeTheSecretIsLookedAt() throws IOException {
        RawHttp.Response response = RawHttp.send(api.port(), List.of("POST /v1/stop HTTP/1.1", "Host: evil.com:" + api.port(),
                "Authorization: Bearer " + STOP_SECRET), "");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("\"bad_host\"");
        assertThat(api.stops.get()).isZero();
    }

    @Test
    void getIsNotAllowed() throws Exception {
        HttpResponse<String> response = api.send(api.request("/v1/stop").header("Authorization", "Bearer " + STOP_SECRET).GET());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(api.stops.get()).isZero();
    }

    private HttpRequest.Builder stopRequest() {
        return api.request("/v1/stop").POST(HttpRequest.BodyPublishers.noBody());
    }
}
