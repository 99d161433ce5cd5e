package net.flydex.server.push;

import com.zerodeplibs.webpush.jwt.VAPIDJWTParam;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Authorization: vapid t=…, k=…} header for each push service (RFC 8292), signed once
 * and reused until it nears its expiry: a JWT is per audience (the push service's origin), not
 * per push, and an ECDSA signature per push would be most of a push's CPU.
 */
final class VapidHeaders {
    /** RFC 8292 allows up to 24 hours; half keeps clear of clock skew. */
    static final Duration LIFETIME = Duration.ofHours(12);
    /** A header is signed afresh once less than this is left, so no push service sees one about to expire. */
    static final Duration RENEW_BEFORE = Duration.ofHours(1);
    /** Push services a deployment talks to: a handful. Bounds the map should endpoints vary oddly. */
    private static final int MAX_AUDIENCES = 64;

    private record Signed(String signer, String value, Instant expires) {}

    private final String contact;
    private final Clock clock;
    private final Map<String, Signed> byAudience = new ConcurrentHashMap<>();

    VapidHeaders(String contact, Clock clock) {
        this.contact = contact;
        this.clock = clock;
    }

    /** The header for a push to {@code endpoint}, signed by {@code signer}. */
    String header(URI endpoint, VapidKeys.Signer signer) {
        String audience = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        Instant now = clock.instant();
        Signed signed = byAudience.get(audience);
        if (signed == null || !signed.signer().equals(signer.publicKey()) || now.plus(RENEW_BEFORE).isAfter(signed.expires())) {
            if (byAudience.size() >= MAX_AUDIENCES) {
                byAudience.clear();
            }
            Instant expires = now.plus(LIFETIME);
            String value = signer.pair().generateAuthorizationHeaderValue(VAPIDJWTParam.getBuilder().resourceURLString(audience)
                    .expirationTime(expires).subject(contact).build());
            signed = new Signed(signer.publicKey(), value, expires);
            byAudience.put(audience, signed);
        }
        return signed.value();
    }
}
