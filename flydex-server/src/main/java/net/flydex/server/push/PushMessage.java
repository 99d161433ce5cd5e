package net.flydex.server.push;

import java.time.Duration;
import java.util.Optional;

/**
 * One push for one device, ready to encrypt: the plaintext ({@link PushPayloads}) and the RFC 8030
 * headers that go with it.
 *
 * @param type the payload's {@code type}, for logs (never the payload itself)
 * @param plaintext the JSON the service worker receives, at most {@link PushPayloads#MAX_PLAINTEXT_BYTES}
 * @param ttl how long the push service keeps it for an offline device
 * @param urgent {@code Urgency: high} (approvals wake a sleeping phone), else normal
 * @param topic replaces an undelivered push with the same topic in the push service
 * @param createdNanos {@link System#nanoTime} when its trigger arrived, for the latency meter
 */
public record PushMessage(String type, byte[] plaintext, Duration ttl, boolean urgent, Optional<String> topic, long createdNanos) {
    @Override
    public String toString() {
        return "PushMessage[" + type + "]";
    }
}
