package net.flydex.testkit;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One POST a {@link FakePushService} received for a subscription, and what it made of it.
 *
 * @param status what the service answered (201 when accepted, else the scripted or refusing status; 0 while hung)
 * @param problem why a real push service would have refused it (bad VAPID signature, wrong {@code aud}, ...); empty when valid
 * @param payload the decrypted plaintext as JSON, when the request was valid and decrypted
 * @param ttl the {@code TTL} header; {@code urgency}, {@code topic} as sent, empty when absent
 * @param audience the VAPID JWT's {@code aud}; {@code subject} its {@code sub}; {@code expiresInSeconds} {@code exp} minus now
 * @param bodyBytes the encrypted body's size
 * @param receivedNanos {@link System#nanoTime} when the request's body had been read (benchmarks in the same JVM)
 * @param receivedAt the wall clock then, to compare with another process's timestamps on the same machine
 */
public record PushDelivery(int status, Optional<String> problem, Optional<JsonNode> payload, Optional<String> ttl, Optional<String> urgency,
        Optional<String> topic, Optional<String> audience, Optional<String> subject, long expiresInSeconds, int bodyBytes, long receivedNanos,
        java.time.Instant receivedAt) {
    public boolean accepted() {
        return status == 201 && problem.isEmpty();
    }
}
