package net.flydex.server.push;

import java.time.Instant;

/**
 * A subscription as {@code GET /api/push/subscriptions} lists it: no endpoint, no keys.
 *
 * @param device the coarse name of the session's device ("Chrome on Android")
 * @param current whether the subscription belongs to the session asking, so the page can say "this device"
 * @param deviceId the end-to-end device id it was made with, "" when none
 */
public record SubscriptionView(String id, String device, Instant createdAt, PushPreferences preferences, boolean current,
        String deviceId) {}
