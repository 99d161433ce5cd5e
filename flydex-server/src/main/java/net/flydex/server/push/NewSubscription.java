package net.flydex.server.push;

import tools.jackson.databind.JsonNode;

/**
 * A checked {@code POST /api/push/subscriptions} body ({@link SubscriptionInput}).
 *
 * @param preferences the fields the body named, applied over the defaults or the stored values; {@code null}-free: a missing object is empty
 */
public record NewSubscription(String endpoint, String p256dh, String auth, JsonNode preferences) {
    @Override
    public String toString() {
        return "NewSubscription[]";
    }
}
