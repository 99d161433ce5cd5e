package net.flydex.helper.localapi;

import static net.flydex.helper.localapi.LocalApiFixture.GOOD_CONNECT_BODY;
import static net.flydex.helper.localapi.LocalApiFixture.WEB_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Host and Origin gates and CORS, in front of every route (SECURITY.md T6). */
class LocalApiGuardsTest {
    @AutoClose
    private final LocalApiFixture api;

    LocalApiGuardsTest() throws IOException {
        api = LocalApiFixture.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:%d", "localhost:%d", "LOCALHOST:%d"})
    void servesLoopbackHosts(String host) throws IOException {
        RawHttp.Response response = rawGet("Host: " + host.formatted(api.port()));

        assertThat(response.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: evil.com", "Host: evil.com:%d", "Host: 127.0.0.1.evil.com:%d", "Host: localhost:1",
        "Host: [::1]:%d", "Host: 127.0.0.1", "X-No-Host: %d"})
    void refusesOtherHostsWith403(String hostLine) throws IOException {
        RawHttp.Response response = rawGet(hostLine.formatted(api.port()));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("\"bad_host\"");
    }

    @Test
    void refusesABadHostBeforeTheConnectHandlerRuns() throws IOException {
        RawHttp.Response response = RawHttp.send(api.port(), List.of(
                "POST /v1/connect HTTP/1.1", "Host: 127.0.0.1.evil.com:" + api.port(),
                "Content-Type: application/json", "X-FlyDex-Client: web"), GOOD_CONNECT_BODY);

        assertThat(response.status()).isEqualTo(403);
        assertThat(api.connect.requests()).isEmpty();
    }

    @Test
    void echoesAnAllowedOriginExactly() throws Exception {
        HttpResponse<String> response = api.send(api.request("/v1/health").header("Origin", WEB_ORIGIN));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(WEB_ORIGIN);
        assertThat(response.headers().firstValue("Vary")).hasValue("Origin");
        assertThat(response.headers().firstValue("Access-Control-Allow-Private-Network")).isEmpty();
    }

    @Test
    void sendsNoCorsWithoutOrigin() throws Exception {
        HttpResponse<String> response = api.send(api.request("/v1/health"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.com", "null", "https://app.flydex.net.evil.com", "https://evilapp.flydex.net",
        "https://app.flydex", "http://app.flydex.net", "https://app.flydex.net:8443"})
    void refusesForeignOriginsAndChangesNothing(String origin) throws Exception {
        HttpResponse<String> response = api.send(api.connectRequest(GOOD_CONNECT_BODY).header("Origin", origin));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(LocalApiFixture.errorCode(response)).isEqualTo("bad_origin");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(api.connect.requests()).isEmpty();
    }

    @Test
    void refusesRepeatedOriginHeaders() throws IOException {
        RawHttp.Response response = rawGet("Host: 127.0.0.1:" + api.port(), "Origin: " + WEB_ORIGIN, "Origin: https://evil.com");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("\"bad_origin\"");
    }

    @Test
    void grantsAPreflightToAnAllowedOrigin() throws Exception {
        HttpResponse<String> response = api.send(preflight(WEB_ORIGIN));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(WEB_ORIGIN);
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, OPTIONS");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type, X-FlyDex-Client");
        assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(response.headers().firstValue("Access-Control-Allow-Private-Network")).hasValue("true");
        assertThat(response.headers().firstValue("Vary")).hasValue("Origin");
    }

    @Test
    void refusesAPreflightFromAForeignOrigin() throws Exception {
        HttpResponse<String> response = api.send(preflight("https://app.flydex.net.evil.com"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(LocalApiFixture.errorCode(response)).isEqualTo("bad_origin");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Private-Network")).isEmpty();
    }

    @Test
    void answersOptionsWithoutOriginWithoutCors() throws Exception {
        HttpResponse<String> response = api.send(api.request("/v1/connect").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Private-Network")).isEmpty();
    }

    private HttpRequest.Builder preflight(String origin) {
        return api.request("/v1/connect")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-flydex-client")
                .header("Access-Control-Request-Private-Network", "true");
    }

    private RawHttp.Response rawGet(String... headerLines) throws IOException {
        List<String> lines = new ArrayList<>(List.of("GET /v1/health HTTP/1.1"));
        lines.addAll(List.of(headerLines));
        return RawHttp.send(api.port(), lines);
    }
}
