package net.flydex.server.billing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.flydex.protocol.WireJson;

/**
 * Delivers webhook events the way Stripe does: {@code Stripe-Signature: t=…,v1=HMAC-SHA256(secret,
 * "t.payload")}, computed here independently of the SDK that verifies it.
 */
public final class StripeWebhooks {
    private final URI endpoint;
    private final Clock clock;
    private final HttpClient http = HttpClient.newHttpClient();

    public StripeWebhooks(URI server, Clock clock) {
        this.endpoint = server.resolve("/api/billing/webhook");
        this.clock = clock;
    }

    /** An event as Stripe would send it, created now by the test clock. */
    public String event(String id, String type, Map<String, Object> object) {
        return event(id, type, clock.instant().getEpochSecond(), object);
    }

    public String event(String id, String type, long createdEpochSeconds, Map<String, Object> object) {
        return WireJson.mapper().writeValueAsString(Map.of("id", id, "object", "event", "type", type, "api_version", "2025-09-30.clover",
                "created", createdEpochSeconds, "livemode", false, "data", Map.of("object", object)));
    }

    /** Sends the payload signed with the test secret, timestamped now. */
    public int deliver(String payload) {
        return send(payload, signature(payload, clock.instant().getEpochSecond(), FakeStripe.WEBHOOK_SECRET));
    }

    public int send(String payload, String signatureHeader) {
        try {
            var request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json; charset=utf-8")
                    .header("Stripe-Signature", signatureHeader).POST(HttpRequest.BodyPublishers.ofString(payload)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String signature(String payload, long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
