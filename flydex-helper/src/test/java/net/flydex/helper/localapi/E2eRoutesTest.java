package net.flydex.helper.localapi;

import static net.flydex.helper.localapi.LocalApiFixture.STOP_SECRET;
import static net.flydex.helper.localapi.LocalApiFixture.WEB_ORIGIN;
import static net.flydex.helper.localapi.LocalApiFixture.errorCode;
import static net.flydex.helper.localapi.LocalApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.E2eLimits;
import net.flydex.protocol.e2e.IntroductionAccepted;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.Offer;
import net.flydex.protocol.e2e.P256;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/e2e/offer} and {@code /v1/e2e/introduce} for the desktop page (behind the same gates
 * as {@code /v1/connect}; an offer's expiry by the helper's clock, moved by hand), and {@code /v1/devices*} for the CLI only (behind the stop secret).
 */
class E2eRoutesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    @AutoClose
    private final LocalApiFixture api;

    E2eRoutesTest() throws Exception {
        api = LocalApiFixture.start();
    }

    @Test
    void theDesktopPageTakesAnOfferAndIntroducesItself() throws Exception {
        HttpResponse<String> offered = api.send(webPost("/v1/e2e/offer", "{}").header("Origin", WEB_ORIGIN));
        assertThat(offered.statusCode()).isEqualTo(200);
        assertThat(offered.headers().allValues("Access-Control-Allow-Origin")).containsExactly(WEB_ORIGIN);
        JsonNode offer = json(offered.body());
        assertThat(offer.path("helperFingerprint").asString()).isEqualTo(api.e2e.fingerprint());
        assertThat(offer.path("expiresAt").asString()).endsWith("Z");

        DeviceClient desktop = device();
        var pending = desktop.introduce(Offer.parse(offer.path("offer").asString()), "Desktop Chrome");
        HttpResponse<String> introduced = api.send(webPost("/v1/e2e/introduce", introduceBody(pending.message())).header("Origin", WEB_ORIGIN));

        assertThat(introduced.statusCode()).isEqualTo(200);
        JsonNode accepted = json(introduced.body());
        assertThat(accepted.path("deviceFingerprint").asString()).isEqualTo(desktop.fingerprint());
        assertThat(accepted.path("helperFingerprint").asString()).isEqualTo(api.e2e.fingerprint());
        pending.confirm(new IntroductionAccepted(accepted.path("deviceId").asString(), accepted.path("proof").asString()));
        assertThat(api.e2e.trusted().isTrusted(desktop.deviceId())).isTrue();

        HttpResponse<String> again = api.send(webPost("/v1/e2e/introduce", introduceBody(pending.message())));
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(errorCode(again)).isEqualTo("offer_unknown");
    }

    @Test
    void aWrongProofIsForbiddenAndUsesUpTheOffer() throws Exception {
        Offer offer = offer();
        var pending = device().introduce(offer, "phone");
        ObjectNode forged = (ObjectNode) WireJson.mapper().valueToTree(pending.message());
        forged.put("deviceName", "someone else");

        HttpResponse<String> refused = api.send(webPost("/v1/e2e/introduce", wrap(forged)));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(errorCode(refused)).isEqualTo("auth_failed");
        assertThat(errorCode(api.send(webPost("/v1/e2e/introduce", introduceBody(pending.message()))))).isEqualTo("offer_unknown");
        assertThat(api.e2e.devices("").devices()).isEmpty();
    }

    @Test
    void anOfferIsGoodUntilItsLifetimeRunsOutByTheHelpersClock() throws Exception {
        Offer inTime = offer();
        Offer late = offer();
        api.clock.advance(E2eLimits.OFFER_LIFETIME.minusSeconds(1));
        assertThat(api.send(webPost("/v1/e2e/introduce", introduceBody(device().introduce(inTime, "in time").message()))).statusCode())
                .isEqualTo(200);

        api.clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> expired = api.send(webPost("/v1/e2e/introduce", introduceBody(device().introduce(late, "late").message())));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(errorCode(expired)).isEqualTo("offer_expired");
        assertThat(api.e2e.devices("").devices()).extracting(HelperE2e.DeviceView::name).containsExactly("in time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"introduction\":[]}", "{\"introduction\":{}}", "{\"introduction\":{\"offerId\":1}}",
        "{\"introduction\":{\"offerId\":\"a\",\"devicePublicKey\":\"b\",\"deviceName\":\"c\",\"proof\":\"d\"},\"introduction\":{}}",
        "not json"})
    void malformedIntroductionsAre400AndTrustNobody(String body) throws Exception {
        HttpResponse<String> refused = api.send(webPost("/v1/e2e/introduce", body));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(errorCode(refused)).isIn("bad_request", "malformed");
        assertThat(refused.body()).doesNotContain("at net.flydex", "Exception");
        assertThat(api.e2e.devices("").devices()).isEmpty();
    }

    @Test
    void aBadDeviceKeyIs400() throws Exception {
        Offer offer = offer();
        ObjectNode introduction = (ObjectNode) WireJson.mapper().valueToTree(device().introduce(offer, "phone").message());
        byte[] offCurve = new byte[65];
        offCurve[0] = 4;
        introduction.put("devicePublicKey", net.flydex.protocol.e2e.Base64Url.encode(offCurve));

        HttpResponse<String> refused = api.send(webPost("/v1/e2e/introduce", wrap(introduction)));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(errorCode(refused)).isEqualTo("bad_point");
    }

    @Test
    void oversizedBodiesAre413() throws Exception {
        assertThat(api.send(webPost("/v1/e2e/offer", "{\"x\":\"" + "a".repeat(1000) + "\"}")).statusCode()).isEqualTo(413);
        assertThat(api.send(webPost("/v1/e2e/introduce", "{\"introduction\":{\"deviceName\":\"" + "a".repeat(5000) + "\"}}")).statusCode())
                .isEqualTo(413);
        assertThat(api.e2e.devices("").devices()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/e2e/offer", "/v1/e2e/introduce"})
    void aForeignPageOrAFormGetsNothing(String path) throws Exception {
        HttpResponse<String> foreign = api.send(webPost(path, "{}").header("Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(errorCode(foreign)).isEqualTo("bad_origin");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> form = api.send(api.request(path).header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(api.send(webPost(path, "{}").setHeader("Content-Type", "text/plain")).statusCode()).isEqualTo(415);
        assertThat(api.send(api.request(path).header("X-FlyDex-Client", "web").GET()).statusCode()).isEqualTo(405);
        RawHttp.Response rebound = RawHttp.send(api.port(), List.of("POST " + path + " HTTP/1.1", "Host: evil.com:" + api.port(),
                "X-FlyDex-Client: web", "Content-Type: application/json"), "{}");
        assertThat(rebound.status()).isEqualTo(403);
    }

    @Test
    void theCliListsAndRevokesDevicesWithTheControlSecret() throws Exception {
        DeviceClient phone = device();
        api.e2e.introduce(phone.introduce(Offer.parse(api.e2e.offer().offer()), "phone").message());

        JsonNode list = json(api.send(cli("/v1/devices").GET()).body());
        assertThat(list.path("helperFingerprint").asString()).isEqualTo(api.e2e.fingerprint());
        assertThat(list.path("devices").path(0).path("deviceId").asString()).isEqualTo(phone.deviceId());
        assertThat(list.path("devices").path(0).path("name").asString()).isEqualTo("phone");
        assertThat(list.path("devices").path(0).path("introducedAt").asString()).endsWith("Z");

        String id = phone.deviceId();
        for (String bad : new String[] {"{}", "{\"deviceId\":\"" + id + "\"}", "{\"deviceId\":\"" + id + "\",\"name\":[]}", "[]", "{",
                "{\"deviceId\":\"" + id + "\",\"name\":\"\"}", "{\"deviceId\":\"" + id + "\",\"name\":\"a\\u0000b\"}",
                "{\"deviceId\":\"" + id + "\",\"name\":\"" + "x".repeat(65) + "\"}"}) {
            HttpResponse<String> refused = api.send(cli("/v1/devices/rename").POST(body(bad)));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(refused.body()).path("error").path("code").asString()).as(bad).isEqualTo("bad_request");
        }
        assertThat(api.send(cli("/v1/devices/rename").POST(body("{\"deviceId\":\"" + id + "\",\"name\":\"" + "x".repeat(2000) + "\"}")))
                .statusCode()).isEqualTo(413);
        assertThat(api.send(cli("/v1/devices/rename").POST(body("{\"deviceId\":\"unknown\",\"name\":\"x\"}"))).statusCode()).isEqualTo(404);
        assertThat(api.e2e.devices("").devices().getFirst().name()).isEqualTo("phone");
        HttpResponse<String> renamed = api.send(cli("/v1/devices/rename").POST(body("{\"deviceId\":\"" + id + "\",\"name\":\"Ada’s phone\"}")));
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(json(renamed.body()).path("name").asString()).isEqualTo("Ada’s phone");
        assertThat(api.e2e.devices("").devices().getFirst().name()).isEqualTo("Ada’s phone");

        assertThat(api.send(cli("/v1/devices/revoke").POST(body("{\"deviceId\":\"unknown\"}"))).statusCode()).isEqualTo(404);
        assertThat(api.send(cli("/v1/devices/revoke").POST(body("{\"deviceId\":7}"))).statusCode()).isEqualTo(400);
        HttpResponse<String> revoked = api.send(cli("/v1/devices/revoke").POST(body("{\"deviceId\":\"" + phone.deviceId() + "\"}")));
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked.body()).path("revoked").asString()).isEqualTo(phone.deviceId());
        assertThat(api.revoked).containsExactly(phone.deviceId());
        assertThat(api.e2e.trusted().isTrusted(phone.deviceId())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/devices", "/v1/devices/revoke", "/v1/devices/rename"})
    void noWebPageAndNoWrongSecretReachesTheDeviceRoutes(String path) throws Exception {
        DeviceClient phone = device();
        api.e2e.introduce(phone.introduce(Offer.parse(api.e2e.offer().offer()), "phone").message());
        String method = path.equals("/v1/devices") ? "GET" : "POST";
        var revoke = body("{\"deviceId\":\"" + phone.deviceId() + "\",\"name\":\"renamed\"}");

        HttpResponse<String> fromPage = api.send(cli(path).header("Origin", WEB_ORIGIN).method(method, revoke));
        assertThat(fromPage.statusCode()).isEqualTo(403);
        assertThat(fromPage.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> wrongSecret = api.send(api.request(path).header("Authorization", "Bearer wrong").method(method, revoke));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).doesNotContain(phone.deviceId());
        assertThat(api.e2e.trusted().isTrusted(phone.deviceId())).isTrue();
        assertThat(api.e2e.devices("").devices().getFirst().name()).isEqualTo("phone");
    }

    private HttpRequest.Builder webPost(String path, String body) {
        return api.request(path).header("Content-Type", "application/json").header("X-FlyDex-Client", "web").POST(body(body));
    }

    private HttpRequest.Builder cli(String path) {
        return api.request(path).header("Authorization", "Bearer " + STOP_SECRET);
    }

    private static HttpRequest.BodyPublisher body(String text) {
        return HttpRequest.BodyPublishers.ofString(text);
    }

    private static String introduceBody(Object introduction) {
        return wrap(WireJson.mapper().valueToTree(introduction));
    }

    private static String wrap(JsonNode introduction) {
        ObjectNode body = WireJson.mapper().createObjectNode();
        body.set("introduction", introduction);
        return body.toString();
    }

    private Offer offer() throws Exception {
        return Offer.parse(json(api.send(webPost("/v1/e2e/offer", "{}")).body()).path("offer").asString());
    }

    private static DeviceClient device() {
        return new DeviceClient(P256.generate(RANDOM), Clock.systemUTC(), KeySource.from(RANDOM));
    }
}
