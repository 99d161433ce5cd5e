package net.flydex.helper.bridge;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The threads whose live events the helper receives, and each thread's sandbox and approval
 * policy. Codex only sends turn events and approvals to subscribed connections; a private
 * app-server's {@code thread/resume} forgets the thread's sandbox (it falls back to config
 * defaults), so the settings are re-sent on resume.
 */
final class ThreadSubscriptions {
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    /** Brand-new threads that cannot be resumed until their first turn writes a rollout. */
    private final Set<String> awaitingRollout = ConcurrentHashMap.newKeySet();
    private final Map<String, ObjectNode> settings = new ConcurrentHashMap<>();

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

    /** A new connection: subscriptions must be made again; settings stay known. */
    void connectionLost() {
        awaitingRollout.clear();
    }

    /** Remembers the settings a thread/start or thread/resume answer reports. */
    void rememberSettings(String threadId, JsonNode result) {
        ObjectNode kept = WireJson.mapper().createObjectNode();
        if (result.hasNonNull("approvalPolicy")) {
            kept.set("approvalPolicy", result.get("approvalPolicy"));
        }
        sandboxMode(result.path("sandbox").path("type").asString("")).ifPresent(mode -> kept.put("sandbox", mode));
        if (!kept.isEmpty()) {
            settings.put(threadId, kept);
        }
    }

    /** Adds remembered settings the caller did not set itself. */
    ObjectNode withSettings(String threadId, ObjectNode params) {
        ObjectNode known = settings.get(threadId);
        if (known != null) {
            known.properties().forEach(e -> {
                if (!params.has(e.getKey())) {
                    params.set(e.getKey(), e.getValue());
                }
            });
        }
        return params;
    }

    // thread/start answers a SandboxPolicy object; thread/resume takes the kebab-case mode.
    private static Optional<String> sandboxMode(String policyType) {
        return switch (policyType) {
            case "workspaceWrite" -> Optional.of("workspace-write");
            case "readOnly" -> Optional.of("read-only");
            default -> Optional.empty();
        };
    }
}
