package net.flydex.helper.localapi;

import static net.flydex.helper.localapi.LocalApiFixture.GOOD_CONNECT_BODY;
import static net.flydex.helper.localapi.LocalApiFixture.WEB_ORIGIN;
import static net.flydex.helper.localapi.LocalApiFixture.errorCode;
import static net.flydex.helper.localapi.LocalApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import net.flydex.protocol.ErrorCode;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectRouteTest {
    @AutoClose
    private final LocalApiFixture api;

    ConnectRouteTest() throws IOException {
        api = LocalApiFixture.start();
    }

    @Test
    void aGoodRequestReachesTheHandlerAndIsAccepted() throws Exception {
        HttpResponse<String> response = api.send(api.connectRequest(GOOD_CONNECT_BODY).header("Origin", WEB_ORIGIN));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body()).path("status").asString()).isEqualTo("registering");
        assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(WEB_ORIGIN);
        assertThat(api.connect.requests()).containsExactly(new ConnectRequest("https://app.flydex.net", "lc_123", "tok_secret"));
    }

    @Test
    void acceptsJsonWithACharset() throws Exception {
        HttpResponse<String> response = api.send(api.connectRequest(GOOD_CONNECT_BODY).setHeader("Content-Type", "application/json; charset=utf-8"));

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void refusesGetWith405() throws Exception {
        HttpResponse<String> response = api.send(api.request("/v1/connect"));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        assertThat(api.connect.requests()).isEmpty();
    }

    @Test
    void requiresTheClientHeader() throws Exception {
        HttpRequest.Builder missing = api.request("/v1/connect")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GOOD_CONNECT_BODY));

        assertRefused(api.send(missing), 400);
        assertRefused(api.send(api.connectRequest(GOOD_CONNECT_BODY).setHeader("X-FlyDex-Client", "cli")), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void requiresAJsonContentType(String contentType) throws Exception {
        assertRefused(api.send(api.connectRequest(GOOD_CONNECT_BODY).setHeader("Content-Type", contentType)), 415);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{", "{\"server\":\"https://app.flydex.net\",\"localConnectId\":\"lc\"", "not json", "[]",
        "{\"server\":\"https://app.flydex.net\",\"localConnectId\":\"lc\",\"connectToken\":123}",
        "{\"server\":\"https://app.flydex.net\",\"localConnectId\":\"lc\"}",
        "{\"server\":\"https://app.flydex.net\",\"localConnectId\":\"lc\",\"connectToken\":\"a\",\"connectToken\":\"b\"}",
        "{\"server\":\"ftp://app.flydex.net\",\"localConnectId\":\"lc\",\"connectToken\":\"t\"}",
        "{\"server\":\"https://app.flydex.net\",\"localConnectId\":\"\",\"connectToken\":\"t\"}"})
    void refusesBadBodiesWith400(String body) throws Exception {
        assertRefused(api.send(api.connectRequest(body)), 400);
    }

    @Test
    void refusesDeepNestingWith400() throws Exception {
        assertRefused(api.send(api.connectRequest("{\"server\":" + "[".repeat(5000) + "]".repeat(5000) + "}")), 400);
    }

    @Test
    void refusesAnOversizedBodyWith413() throws Exception {
        String huge = "{\"server\":\"https://app.flydex.net\",\"localConnectId\":\"lc\",\"connectToken\":\"" + "x".repeat(200 * 1024) + "\"}";

        assertRefused(api.send(api.connectRequest(huge)), 413);
    }

    @Test
    void passesOnTheHandlersRefusal() throws Exception {
        try (LocalApiFixture unwired = LocalApiFixture.start(ConnectHandler.notImplemented())) {
            HttpResponse<String> response = unwired.send(unwired.connectRequest(GOOD_CONNECT_BODY));

            assertThat(response.statusCode()).isEqualTo(501);
            assertThat(errorCode(response)).isEqualTo(ErrorCode.NOT_IMPLEMENTED.wire());
            assertThat(json(response.body()).path("error").path("message").asString()).isNotBlank();
        }
    }

    @Test
    void answersAFailingHandlerWithoutLeakingDetails() throws Exception {
        try (LocalApiFixture broken = LocalApiFixture.start(request -> {
            throw new IllegalStateException("secret internals");
        })) {
            HttpResponse<String> response = broken.send(broken.connectRequest(GOOD_CONNECT_BODY));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(errorCode(response)).isEqualTo("internal");
            assertThat(response.body()).doesNotContain("secret internals").doesNotContain("Exception");
        }
    }

    private void assertRefused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(errorCode(response)).isEqualTo("bad_request");
        assertThat(json(response.body()).path("error").path("message").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("at net.flydex", "at java.", "at tools.jackson");
        assertThat(api.connect.requests()).isEmpty();
    }
}
