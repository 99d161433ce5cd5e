package net.flydex.helper.bridge;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads whose live events the helper receives: Codex only sends turn events and approvals
 * to subscribed connections.
 */
final class ThreadSubscriptions {
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    /** Brand-new threads that cannot be resumed until their first turn writes a rollout. */
    private final Set<String> awaitingRollout = ConcurrentHashMap.newKeySet();

    boolean isSubscribed(String threadId) {
        return subscribed.contains(threadId);
    }

    Set<String> subscribed() {
        return Set.copyOf(subscribed);
    }

    void subscribed(String threadId) {
        subscribed.add(threadId);
        awaitingRollout.remove(threadId);
    }

    void awaitRollout(String threadId) {
        awaitingRollout.add(threadId);
    }

    /** True once, when a thread that had no rollout becomes active and can be resumed. */
    boolean takeAwaiting(String threadId) {
        return awaitingRollout.remove(threadId);
    }

    /** A new connection: subscriptions must be made again. */
    void connectionLost() {
        awaitingRollout.clear();
    }
}
