package net.flydex.helper.bridge;

import java.util.Set;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a browser may put in the params of a forwarded call. FlyDex exists to keep a person in
 * the loop, so no call from a browser may turn approvals off, escape the sandbox or rewrite Codex's
 * configuration. In attach mode the threads belong to the person at the desk: overrides on
 * resume and turns would persist and change their settings, so only the essentials pass.
 */
final class ParamPolicy {
    private static final Set<String> SAFE_APPROVAL_POLICIES = Set.of("untrusted", "on-request");
    private static final Set<String> UNSAFE_SANDBOXES = Set.of("danger-full-access");
    private static final Set<String> UNSAFE_SANDBOX_POLICIES = Set.of("dangerFullAccess", "externalSandbox");
    private static final Set<String> ATTACH_KEPT = Set.of("threadId", "input", "expectedTurnId", "excludeTurns", "turnId",
            "cursor", "limit", "sortDirection", "itemsView");
    private static final Set<String> ATTACH_STRIPPED_METHODS = Set.of("thread/resume", "turn/start", "turn/steer");

    private ParamPolicy() {}

    /** Checks and returns the params to forward, or throws {@code bad_request}. */
    static ObjectNode apply(String method, JsonNode params, CodexMode mode) {
        if (!params.isObject()) {
            throw new RpcException(ErrorCode.BAD_REQUEST, "params must be a JSON object");
        }
        ObjectNode checked = ((ObjectNode) params).deepCopy();
        refuse(checked.has("config"), "FlyDex does not change Codex's configuration");
        refuse(checked.has("approvalPolicy") && !SAFE_APPROVAL_POLICIES.contains(checked.path("approvalPolicy").asString("")),
                "approvalPolicy must be untrusted or on-request: FlyDex keeps approvals on");
        refuse(checked.has("approvalsReviewer") && !checked.path("approvalsReviewer").asString("").equals("user"),
                "approvals must go to you, not an automatic reviewer");
        refuse(UNSAFE_SANDBOXES.contains(checked.path("sandbox").asString("")),
                "FlyDex does not start Codex without a sandbox");
        refuse(UNSAFE_SANDBOX_POLICIES.contains(checked.path("sandboxPolicy").path("type").asString("")),
                "FlyDex does not run turns without a sandbox");
        if (mode == CodexMode.ATTACH && ATTACH_STRIPPED_METHODS.contains(method)) {
            ObjectNode kept = WireJson.mapper().createObjectNode();
            checked.properties().stream().filter(e -> ATTACH_KEPT.contains(e.getKey()))
                    .forEach(e -> kept.set(e.getKey(), e.getValue()));
            return kept;
        }
        return checked;
    }

    private static void refuse(boolean unsafe, String why) {
        if (unsafe) {
            throw new RpcException(ErrorCode.BAD_REQUEST, why);
        }
    }
}
