package net.flydex.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake refuses what a real push service would, so tests that see it accept a push prove something. */
class FakePushServiceTest {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakePushService push;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        push = FakePushService.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        http.close();
        push.close();
    }

    @Test
    void unsignedWronglySignedStaleOrUndecryptablePushesAreRefused() throws Exception {
        PushBrowser browser = push.newBrowser();
        KeyPair vapid = p256();
        long now = System.currentTimeMillis() / 1000;

        assertRefused(browser, send(browser, null, "60", new byte[100]), 403, "VAPID: no");
        assertRefused(browser, send(browser, jwt(vapid, p256(), push.origin(), now + 3600), "60", new byte[100]), 403, "does not verify");
        assertRefused(browser, send(browser, jwt(vapid, vapid, "https://elsewhere.example", now + 3600), "60", new byte[100]), 403, "aud");
        assertRefused(browser, send(browser, jwt(vapid, vapid, push.origin(), now + 25 * 3600), "60", new byte[100]), 403, "exp");
        assertRefused(browser, send(browser, jwt(vapid, vapid, push.origin(), now - 10), "60", new byte[100]), 403, "exp");
        assertRefused(browser, send(browser, jwt(vapid, vapid, push.origin(), now + 3600), null, new byte[100]), 400, "TTL");
        assertRefused(browser, send(browser, jwt(vapid, vapid, push.origin(), now + 3600), "60", new byte[5000]), 413, "over 4096");
        assertRefused(browser, send(browser, jwt(vapid, vapid, push.origin(), now + 3600), "60", new byte[100]), 400, "decrypt");
    }

    @Test
    void anUnknownSubscriptionIs404AndAnUnsubscribedOne410() throws Exception {
        PushBrowser browser = push.newBrowser();
        KeyPair vapid = p256();
        String token = jwt(vapid, vapid, push.origin(), System.currentTimeMillis() / 1000 + 3600);
        var request = HttpRequest.newBuilder(URI.create(push.prefix() + "nobody")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        browser.unsubscribe();
        assertThat(send(browser, token, "60", new byte[100])).isEqualTo(410);
    }

    private void assertRefused(PushBrowser browser, int status, int expected, String problem) throws InterruptedException {
        assertThat(status).isEqualTo(expected);
        PushDelivery delivery = browser.next(WAIT);
        assertThat(delivery.accepted()).isFalse();
        assertThat(delivery.problem()).hasValueSatisfying(p -> assertThat(p).contains(problem));
    }

    private int send(PushBrowser browser, String jwt, String ttl, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(browser.endpoint())).header("Content-Encoding", "aes128gcm")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (ttl != null) {
            request.header("TTL", ttl);
        }
        if (jwt != null) {
            request.header("Authorization", jwt);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code vapid t=…, k=…}: a JWT signed by {@code signer}, presenting {@code presented}'s public key. */
    private static String jwt(KeyPair signer, KeyPair presented, String audience, long exp) throws Exception {
        String header = B64URL.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = B64URL.encodeToString(("{\"aud\":\"" + audience + "\",\"exp\":" + exp + ",\"sub\":\"mailto:ops@example.com\"}")
                .getBytes(StandardCharsets.UTF_8));
        var signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(signer.getPrivate());
        signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return "vapid t=" + header + "." + claims + "." + B64URL.encodeToString(signature.sign()) + ", k=" + uncompressed(presented);
    }

    private static String uncompressed(KeyPair pair) {
        var w = ((ECPublicKey) pair.getPublic()).getW();
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = w.getAffineX().toByteArray();
        byte[] y = w.getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), out, 1 + 32 - Math.min(32, x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), out, 33 + 32 - Math.min(32, y.length), Math.min(32, y.length));
        return B64URL.encodeToString(out);
    }

    private static KeyPair p256() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
