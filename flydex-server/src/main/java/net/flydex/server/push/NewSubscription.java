package net.flydex.server.push;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A checked {@code POST /api/push/subscriptions} body ({@link SubscriptionInput}).
 *
 * @param preferences the fields the body named, applied over the defaults or the stored values; {@code null}-free: a missing object is empty
 * @param deviceId the browser's end-to-end device id, when it has one (its pushes then carry that device's sealed copy)
 */
public record NewSubscription(String endpoint, String p256dh, String auth, JsonNode preferences, Optional<String> deviceId) {
    @Override
    public String toString() {
        return "NewSubscription[]";
    }
}
