package net.flydex.server.push;

import java.util.Optional;

/**
 * A subscription as the sender needs it: where to POST, the browser's keys (RFC 8291), the VAPID
 * key it was made with, what its device wants, and its end-to-end device id (whose sealed copy of
 * a push it gets). Never shown back to a browser ({@link SubscriptionView}).
 */
public record PushSubscription(String id, String accountId, String endpoint, String p256dh, String auth, String vapidKey,
        PushPreferences preferences, Optional<String> deviceId) {
    @Override
    public String toString() {
        // Endpoints are capability URLs and the keys decrypt payloads: never in a log line.
        return "PushSubscription[" + id + "]";
    }
}
