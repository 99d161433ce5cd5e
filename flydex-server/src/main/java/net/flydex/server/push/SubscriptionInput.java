package net.flydex.server.push;

import com.zerodeplibs.webpush.key.PublicKeySources;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.WireJson;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.http.ApiException;
import net.flydex.server.http.JsonInput;
import tools.jackson.databind.JsonNode;

/**
 * Checks a {@code POST /api/push/subscriptions} body: what {@code PushSubscription.toJSON()}
 * gives, plus optional preferences. Unknown fields are refused, so a typo is not silently ignored.
 * The endpoint must pass {@link PushEndpoints} (else {@code bad_endpoint}); {@code p256dh} must be
 * an uncompressed point on P-256 and {@code auth} 16 bytes (RFC 8291), and the optional
 * {@code deviceId} an end-to-end device id ({@link E2eFields#deviceId}), else {@code bad_request}.
 */
final class SubscriptionInput {
    /** RFC 8291: the user agent's authentication secret is 16 octets. */
    static final int AUTH_SECRET_BYTES = 16;
    /** An uncompressed P-256 point: 0x04, then 32 bytes each of x and y. */
    static final int P256_POINT_BYTES = 65;
    private static final Set<String> FIELDS = Set.of("endpoint", "keys", "expirationTime", "preferences", "deviceId");
    private static final Set<String> KEY_FIELDS = Set.of("p256dh", "auth");
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
    private static final Base64.Encoder B64URL_OUT = Base64.getUrlEncoder().withoutPadding();

    private SubscriptionInput() {}

    static NewSubscription read(JsonInput input, PushEndpoints endpoints) {
        JsonNode body = input.raw();
        onlyFields(body, FIELDS, "");
        JsonNode expiration = body.get("expirationTime");
        if (expiration != null && !expiration.isNull() && !expiration.isNumber()) {
            throw ApiException.badRequest("expirationTime must be a number or null");
        }
        String endpoint = input.optionalString("endpoint", net.flydex.protocol.Limits.MAX_HTTP_BODY_BYTES)
                .orElseThrow(() -> ApiException.badRequest("endpoint is required"));
        if (endpoints.check(endpoint).isEmpty()) {
            throw new ApiException(400, ErrorCode.BAD_ENDPOINT,
                    "the endpoint must be an https URL of a known push service (Google, Mozilla, Apple, Microsoft)");
        }
        JsonNode keys = body.get("keys");
        if (keys == null || !keys.isObject()) {
            throw ApiException.badRequest("keys must be an object with p256dh and auth");
        }
        onlyFields(keys, KEY_FIELDS, "keys.");
        byte[] p256dh = base64url(keys, "p256dh");
        byte[] auth = base64url(keys, "auth");
        if (auth.length != AUTH_SECRET_BYTES) {
            throw ApiException.badRequest("keys.auth must be " + AUTH_SECRET_BYTES + " bytes");
        }
        if (p256dh.length != P256_POINT_BYTES || !onCurve(p256dh)) {
            throw ApiException.badRequest("keys.p256dh must be an uncompressed P-256 public key");
        }
        JsonNode preferences = body.get("preferences");
        PushPreferences.merge(PushPreferences.DEFAULTS, preferences); // refuses bad preferences before anything is stored
        Optional<String> deviceId = input.optionalString("deviceId", E2eFields.DEVICE_ID_CHARS);
        if (deviceId.isPresent() && !E2eFields.deviceId(deviceId.get())) {
            throw ApiException.badRequest("deviceId must be an end-to-end device id (22 characters of base64url)");
        }
        return new NewSubscription(endpoint, B64URL_OUT.encodeToString(p256dh), B64URL_OUT.encodeToString(auth),
                Optional.ofNullable(preferences).orElseGet(() -> WireJson.mapper().createObjectNode()), deviceId);
    }

    static void onlyFields(JsonNode object, Set<String> known, String path) {
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                throw ApiException.badRequest("unknown field " + path + name);
            }
        }
    }

    private static byte[] base64url(JsonNode keys, String field) {
        JsonNode value = keys.get(field);
        if (value == null || !value.isString() || value.asString().length() > 2 * P256_POINT_BYTES) {
            throw ApiException.badRequest("keys." + field + " must be a base64url string");
        }
        try {
            return B64URL.decode(value.asString());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("keys." + field + " must be a base64url string");
        }
    }

    /** The library checks the point lies on the curve (an off-curve key enables invalid-curve attacks on ECDH). */
    private static boolean onCurve(byte[] point) {
        try {
            PublicKeySources.ofUncompressedBytes(point).extract();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
