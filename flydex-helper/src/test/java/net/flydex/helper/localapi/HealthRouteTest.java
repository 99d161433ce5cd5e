package net.flydex.helper.localapi;

import static net.flydex.helper.localapi.LocalApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HealthRouteTest {
    @AutoClose
    private final LocalApiFixture api;

    HealthRouteTest() throws IOException {
        api = LocalApiFixture.start();
    }

    @Test
    void answersTheHealthRecord() throws Exception {
        HttpResponse<String> response = api.send(api.request("/v1/health"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode health = json(response.body());
        assertThat(health.path("status").asString()).isEqualTo("ok");
        assertThat(health.path("bridge").path("state").asString()).isEqualTo("unpaired");
        assertThat(health.path("runtime").path("codex").asString()).isEqualTo("ready");
        assertThat(health.path("runtime").path("codexVersion").asString()).isEqualTo("0.169.0");
        assertThat(health.path("machine").path("paired").asBoolean()).isFalse();
        assertThat(health.has("helper")).isTrue();
    }

    @Test
    void carriesNoStoreAndNoSniffOnEveryAnswer() throws Exception {
        for (String path : new String[] {"/v1/health", "/nope"}) {
            HttpResponse<String> response = api.send(api.request(path));
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void refusesOtherMethodsWith405() throws Exception {
        HttpResponse<String> response = api.send(api.request("/v1/health").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, OPTIONS");
        assertThat(LocalApiFixture.errorCode(response)).isEqualTo("method_not_allowed");
    }

    @Test
    void answersHeadWith405AndNoBody() throws Exception {
        HttpResponse<String> response = api.send(api.request("/v1/health").HEAD());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answersUnknownPathsWith404() throws Exception {
        for (String path : new String[] {"/", "/v1/health/", "/v1/healthz", "/v2/health", "/v1/connect/x"}) {
            HttpResponse<String> response = api.send(api.request(path));
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(LocalApiFixture.errorCode(response)).isEqualTo("not_found");
        }
    }
}
