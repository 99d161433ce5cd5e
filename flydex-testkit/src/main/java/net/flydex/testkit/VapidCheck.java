package net.flydex.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a push service checks of a sender's VAPID header (RFC 8292): {@code Authorization: vapid
 * t=<JWT>, k=<public key>}, an ES256 JWT that verifies with {@code k}, {@code aud} the push
 * service's origin, {@code exp} in the future and at most 24 h ahead, {@code sub} a
 * {@code mailto:} or {@code https:} contact; and, where the subscription was made with an
 * application server key, {@code k} is that key.
 */
public final class VapidCheck {
    private static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    private VapidCheck() {}

    /** Why a push service would refuse this header (a text starting "VAPID"), or empty when it passes. */
    public static Optional<String> problem(String authorization, String audience, Optional<String> subscribedKey) {
        if (authorization == null || !authorization.startsWith("vapid ")) {
            return Optional.of("VAPID: no 'Authorization: vapid t=..., k=...'");
        }
        try {
            Map<String, String> params = new HashMap<>();
            for (String part : authorization.substring("vapid ".length()).split(",")) {
                String[] pair = part.strip().split("=", 2);
                params.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
            byte[] key = B64URL.decode(params.getOrDefault("k", ""));
            if (subscribedKey.isPresent() && !Arrays.equals(key, B64URL.decode(subscribedKey.get()))) {
                return Optional.of("VAPID: k is not the key the subscription was made with");
            }
            String[] jwt = params.getOrDefault("t", "").split("\\.");
            if (!"ES256".equals(JSON.readTree(B64URL.decode(jwt[0])).path("alg").asString(""))) {
                return Optional.of("VAPID: alg is not ES256");
            }
            var verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(PushBrowser.publicKeyOf(key));
            verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(B64URL.decode(jwt[2]))) {
                return Optional.of("VAPID: the JWT's signature does not verify with k");
            }
            JsonNode claims = JSON.readTree(B64URL.decode(jwt[1]));
            long now = System.currentTimeMillis() / 1000;
            long exp = claims.path("exp").asLong(0);
            if (!audience.equals(claims.path("aud").asString(""))) {
                return Optional.of("VAPID: aud is not " + audience);
            }
            if (exp <= now || exp > now + MAX_LIFETIME.toSeconds()) {
                return Optional.of("VAPID: exp is not within the next 24 hours");
            }
            String sub = claims.path("sub").asString("");
            if (!sub.startsWith("mailto:") && !sub.startsWith("https:")) {
                return Optional.of("VAPID: sub is not a mailto: or https: URI");
            }
            return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of("VAPID: malformed (" + e.getClass().getSimpleName() + ")");
        }
    }
}
