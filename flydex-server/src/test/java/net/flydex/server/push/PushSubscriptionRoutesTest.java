package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** {@code /api/push/key} and {@code /api/push/subscriptions} over HTTP, on SQLite and on PostgreSQL. */
@ParameterizedClass
@EnumSource(Backend.class)
class PushSubscriptionRoutesTest {
    @Parameter
    Backend backend;

    private FakePushService push;
    private ServerHarness harness;

    @BeforeEach
    void start() throws Exception {
        push = FakePushService.start();
        harness = ServerHarness.withPush(backend, push.prefix());
    }

    @AfterEach
    void stop() {
        harness.close();
        push.close();
    }

    @Test
    void theKeyIsOneUncompressedP256PointForTheDeploymentAndNeedsNoSession() {
        var first = harness.cli().get("/api/push/key");
        assertThat(first.status()).isEqualTo(200);
        byte[] point = Base64.getUrlDecoder().decode(first.body().path("publicKey").asString());
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
        assertThat(harness.browser().get("/api/push/key").body()).isEqualTo(first.body());
    }

    @Test
    void aDeviceSubscribesListsChangesAndTurnsOffItsSubscriptionWhichNeverShowsEndpointOrKeys() {
        ApiClient phone = harness.signedUpBrowser("ada@example.com");
        PushBrowser browser = push.newBrowser();

        var created = phone.post("/api/push/subscriptions", browser.toJson());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.body().path("id").asString();
        assertThat(created.body().path("preferences").toString())
                .isEqualTo("{\"approvals\":true,\"turnEnded\":false,\"machineOffline\":false,\"hideDetails\":false}");
        assertThat(created.body().path("current").asBoolean()).isTrue();

        var listed = phone.get("/api/push/subscriptions");
        assertThat(listed.status()).isEqualTo(200);
        JsonNode only = listed.body().path("subscriptions").get(0);
        assertThat(only.propertyNames()).containsExactlyInAnyOrder("id", "device", "createdAt", "preferences", "current", "deviceId");
        assertThat(only.path("deviceId").asString()).as("none named").isEmpty();
        assertThat(listed.body().toString()).doesNotContain(browser.endpoint()).doesNotContain(browser.p256dh()).doesNotContain(browser.auth());
        assertThat(listed.body().path("publicKey").asString()).isEqualTo(harness.cli().get("/api/push/key").body().path("publicKey").asString());

        var again = new HashMap<>(browser.toJson());
        again.put("preferences", Map.of("turnEnded", true));
        var updated = phone.post("/api/push/subscriptions", again);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("id").asString()).isEqualTo(id);
        assertThat(updated.body().path("preferences").path("turnEnded").asBoolean()).isTrue();

        var patched = phone.patch("/api/push/subscriptions/" + id, Map.of("preferences", Map.of("hideDetails", true, "approvals", false)));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().path("preferences").toString())
                .isEqualTo("{\"approvals\":false,\"turnEnded\":true,\"machineOffline\":false,\"hideDetails\":true}");

        assertThat(phone.delete("/api/push/subscriptions/" + id).status()).isEqualTo(204);
        assertThat(phone.delete("/api/push/subscriptions/" + id).status()).isEqualTo(404);
        assertThat(phone.get("/api/push/subscriptions").body().path("subscriptions")).isEmpty();
    }

    @Test
    void aSubscriptionNamesItsEndToEndDeviceWhichIsCheckedStoredAndListed() {
        ApiClient phone = harness.signedUpBrowser("ada@example.com");
        PushBrowser browser = push.newBrowser();
        String deviceId = "q83vEjRWeJq8_-3u_wAREQ";
        String secret = "SECRETSECRETSECRETSECRET";

        for (Object bad : List.of(secret, deviceId + "A", deviceId.substring(1), "q83vEjRWeJq8_-3u_wAREB", "q83vEjRWeJq8/+3u/wAREQ", 7,
                List.of(deviceId))) {
            var body = new HashMap<>(browser.toJson());
            body.put("deviceId", bad);
            var refused = phone.post("/api/push/subscriptions", body);
            assertThat(refused.status()).as("%s", bad).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("bad_request");
            assertThat(refused.body().toString()).doesNotContain("SECRET").doesNotContain("q83v");
        }
        assertThat(phone.get("/api/push/subscriptions").body().path("subscriptions").size()).as("nothing stored").isZero();

        var body = new HashMap<>(browser.toJson());
        body.put("deviceId", deviceId);
        var created = phone.post("/api/push/subscriptions", body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("deviceId").asString()).isEqualTo(deviceId);
        assertThat(phone.get("/api/push/subscriptions").body().path("subscriptions").get(0).path("deviceId").asString()).isEqualTo(deviceId);

        var resubscribed = phone.post("/api/push/subscriptions", browser.toJson());
        assertThat(resubscribed.status()).isEqualTo(200);
        assertThat(resubscribed.body().path("deviceId").asString()).as("the body says what the subscription is now").isEmpty();
    }

    @Test
    void anotherAccountsSubscriptionReadsAsMissing() {
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        ApiClient eve = harness.signedUpBrowser("eve@example.com");
        String id = ada.post("/api/push/subscriptions", push.newBrowser().toJson()).body().path("id").asString();

        assertThat(eve.get("/api/push/subscriptions").body().path("subscriptions")).isEmpty();
        var patch = eve.patch("/api/push/subscriptions/" + id, Map.of("preferences", Map.of("approvals", false)));
        assertThat(patch.status()).isEqualTo(404);
        assertThat(patch.errorCode()).isEqualTo("not_found");
        assertThat(eve.delete("/api/push/subscriptions/" + id).errorCode()).isEqualTo("not_found");
        assertThat(ada.get("/api/push/subscriptions").body().path("subscriptions").get(0).path("preferences").path("approvals").asBoolean()).isTrue();
    }

    @Test
    void aSubscriptionDiesWithItsSession() {
        ApiClient phone = harness.signedUpBrowser("ada@example.com");
        ApiClient laptop = harness.browser();
        assertThat(laptop.post("/api/auth/signin", Map.of("email", "ada@example.com", "password", "correct horse battery")).status()).isEqualTo(200);
        phone.post("/api/push/subscriptions", push.newBrowser().toJson());
        laptop.post("/api/push/subscriptions", push.newBrowser().toJson());
        assertThat(rows()).isEqualTo(2);

        assertThat(phone.post("/api/auth/signout", "{}").status()).isEqualTo(204);

        assertThat(rows()).isEqualTo(1);
        JsonNode left = laptop.get("/api/push/subscriptions").body().path("subscriptions");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("current").asBoolean()).isTrue();
    }

    @Test
    void theRotationCommandsKeyReplacesTheKeyAndDropsEverySubscription() {
        ApiClient phone = harness.signedUpBrowser("ada@example.com");
        phone.post("/api/push/subscriptions", push.newBrowser().toJson());
        String before = harness.cli().get("/api/push/key").body().path("publicKey").asString();

        String rotated = VapidKeys.rotate(harness.server.database().jdbi(), harness.clock);

        assertThat(rotated).isNotEqualTo(before);
        assertThat(harness.cli().get("/api/push/key").body().path("publicKey").asString()).isEqualTo(rotated);
        assertThat(phone.get("/api/push/subscriptions").body().path("subscriptions")).isEmpty();
    }

    @Test
    void onlyHttpsEndpointsOfKnownPushServicesOrTrustedPrefixesAreAccepted() {
        ApiClient phone = harness.signedUpBrowser("ada@example.com");
        PushBrowser keys = push.newBrowser();
        for (String good : List.of("https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b", "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
                "https://web.push.apple.com/QGz2", "https://wns2-bl2p.notify.windows.com/w/?token=BQYAAA")) {
            var answer = phone.post("/api/push/subscriptions", subscription(good, keys.p256dh(), keys.auth()));
            assertThat(answer.status()).as(good).isEqualTo(201);
        }
        String port = push.prefix().replaceAll("^http://127\\.0\\.0\\.1:(\\d+)/.*$", "$1");
        for (String bad : List.of("http://fcm.googleapis.com/fcm/send/x", "https://127.0.0.1/push", "https://localhost/push",
                "https://10.0.0.7/push", "https://192.168.1.1/push", "https://169.254.169.254/latest/meta-data",
                "https://[::1]/push", "https://[fd00::1]/push", "https://fcm.googleapis.com.evil.example/x",
                "https://evil.example/fcm.googleapis.com/x", "https://user@fcm.googleapis.com/x", "https://fcm.googleapis.com:8443/x",
                "https://push.apple.com/x", "https://evilpush.apple.com/x", "ftp://fcm.googleapis.com/x", "fcm.googleapis.com/x",
                "http://127.0.0.1:" + (Integer.parseInt(port) + 1) + "/push/s1", "http://127.0.0.1:" + port + "/other/s1",
                "https://fcm.googleapis.com/" + "a".repeat(PushEndpoints.MAX_ENDPOINT_LENGTH), "not a url at all")) {
            var answer = phone.post("/api/push/subscriptions", subscription(bad, keys.p256dh(), keys.auth()));
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.errorCode()).as(bad).isEqualTo("bad_endpoint");
        }
        assertThat(phone.get("/api/push/subscriptions").body().path("subscriptions")).hasSize(4);
    }

    @Test
    void malformedBodiesAndBadKeysAreRefusedAndStoreNothing() {
        ApiClient phone = harness.signedUpBrowser("ada@example.com");
        PushBrowser browser = push.newBrowser();
        byte[] offCurve = new byte[65];
        offCurve[0] = 4;
        offCurve[64] = 1;
        String offCurveKey = Base64.getUrlEncoder().withoutPadding().encodeToString(offCurve);
        String shortAuth = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[15]);
        var withExtra = new HashMap<>(browser.toJson());
        withExtra.put("admin", true);
        var badPreference = new HashMap<>(browser.toJson());
        badPreference.put("preferences", Map.of("everything", true));
        var wrongPreferenceType = new HashMap<>(browser.toJson());
        wrongPreferenceType.put("preferences", Map.of("approvals", "yes"));
        var wrongExpiration = new HashMap<>(browser.toJson());
        wrongExpiration.put("expirationTime", "tomorrow");
        List<Object> bodies = List.of("{not json", "[]", "{\"endpoint\":1}", Map.of("endpoint", browser.endpoint()),
                subscription(browser.endpoint(), offCurveKey, browser.auth()), subscription(browser.endpoint(), browser.p256dh(), shortAuth),
                subscription(browser.endpoint(), "!!!", browser.auth()), subscription(browser.endpoint(), browser.p256dh(), "x".repeat(200)),
                Map.of("endpoint", browser.endpoint(), "keys", Map.of("p256dh", browser.p256dh(), "auth", browser.auth(), "extra", "x")),
                withExtra, badPreference, wrongPreferenceType, wrongExpiration);
        for (Object body : bodies) {
            var answer = phone.post("/api/push/subscriptions", body);
            assertThat(answer.status()).as(body.toString()).isEqualTo(400);
            assertThat(answer.errorCode()).as(body.toString()).isEqualTo("bad_request");
        }
        var oversized = phone.raw("POST", "/api/push/subscriptions", "application/json", new byte[70 * 1024]);
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(rows()).isZero();

        String id = phone.post("/api/push/subscriptions", browser.toJson()).body().path("id").asString();
        for (Object patch : List.of(Map.of(), Map.of("preferences", Map.of("nope", true)), Map.of("preferences", "all"),
                Map.of("preferences", Map.of("approvals", false), "endpoint", "https://fcm.googleapis.com/x"))) {
            assertThat(phone.patch("/api/push/subscriptions/" + id, patch).errorCode()).as(patch.toString()).isEqualTo("bad_request");
        }
        assertThat(phone.get("/api/push/subscriptions").body().path("subscriptions").get(0).path("preferences").path("approvals").asBoolean()).isTrue();
    }

    @Test
    void signedOutOrForeignOriginCallersChangeNothing() {
        harness.signedUpBrowser("ada@example.com");
        PushBrowser browser = push.newBrowser();
        assertThat(harness.browser().post("/api/push/subscriptions", browser.toJson()).errorCode()).isEqualTo("unauthorized");
        assertThat(harness.browser().get("/api/push/subscriptions").errorCode()).isEqualTo("unauthorized");

        ApiClient phone = harness.signedUpBrowser("eve@example.com");
        var forged = phone.withOrigin("https://evil.example").post("/api/push/subscriptions", browser.toJson());
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.errorCode()).isEqualTo("bad_origin");
        assertThat(rows()).isZero();
    }

    @Test
    void anAccountHasAtMostTheCapOfSubscriptions() {
        ApiClient phone = harness.signedUpBrowser("ada@example.com");
        for (int i = 0; i < PushSubscriptions.MAX_PER_ACCOUNT; i++) {
            assertThat(phone.post("/api/push/subscriptions", push.newBrowser().toJson()).status()).isEqualTo(201);
        }
        var over = phone.post("/api/push/subscriptions", push.newBrowser().toJson());
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.errorCode()).isEqualTo("conflict");
        assertThat(rows()).isEqualTo(PushSubscriptions.MAX_PER_ACCOUNT);
    }

    private static Map<String, Object> subscription(String endpoint, String p256dh, String auth) {
        return Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh, "auth", auth));
    }

    private int rows() {
        return harness.server.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM push_subscriptions").mapTo(Integer.class).one());
    }
}
