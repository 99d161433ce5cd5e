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
    static final Set<String> SAFE_APPROVAL_POLICIES = Set.of("untrusted", "on-request");
    private static final Set<String> UNSAFE_SANDBOXES = Set.of("danger-full-access");
    private static final Set<String> UNSAFE_SANDBOX_POLICIES = Set.of("dangerFullAccess", "externalSandbox");
    private static final Set<String> ATTACH_KEPT = Set.of("threadId", "input", "expectedTurnId", "excludeTurns", "turnId",
            "cursor", "limit", "sortDirection", "itemsView", "collaborationMode");
    private static final Set<String> COLLABORATION_MODES = Set.of("plan", "default");
    /** Model names are short slugs (gpt-5.1-codex, o3); anything else is not one Codex knows. */
    private static final String MODEL_NAME = "[A-Za-z0-9._:-]{1,64}";
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
        if (checked.has("collaborationMode")) {
            checked.set("collaborationMode", collaborationMode(method, checked.get("collaborationMode")));
        }
        if (mode == CodexMode.ATTACH && ATTACH_STRIPPED_METHODS.contains(method)) {
            ObjectNode kept = WireJson.mapper().createObjectNode();
            checked.properties().stream().filter(e -> ATTACH_KEPT.contains(e.getKey()))
                    .forEach(e -> kept.set(e.getKey(), e.getValue()));
            return kept;
        }
        return checked;
    }

    /**
     * Plan mode is the only way a turn may ask the person questions ({@code request_user_input}),
     * so a turn may choose it, in every mode: it restricts what Codex does rather than widening
     * it. The mode sticks to the thread, so the web app names it on every turn with the thread's
     * own model and reasoning effort. Only those pass; Codex supplies the mode's instructions, so
     * a browser cannot smuggle developer instructions in under this name.
     */
    private static ObjectNode collaborationMode(String method, JsonNode given) {
        refuse(!method.equals("turn/start"), "collaborationMode is only taken by turn/start");
        String mode = given.path("mode").asString("");
        String model = given.path("settings").path("model").asString("");
        refuse(!COLLABORATION_MODES.contains(mode), "collaborationMode.mode must be plan or default");
        refuse(!model.matches(MODEL_NAME), "collaborationMode.settings.model must be a model name such as gpt-5.1-codex");
        JsonNode effort = given.path("settings").path("reasoning_effort");
        refuse(!effort.isMissingNode() && !effort.isNull() && !effort.asString("").matches("[a-z]{1,32}"),
                "collaborationMode.settings.reasoning_effort must be an effort name such as medium, or null");
        ObjectNode kept = WireJson.mapper().createObjectNode().put("mode", mode);
        ObjectNode settings = kept.putObject("settings").put("model", model);
        if (effort.isString()) {
            settings.put("reasoning_effort", effort.asString());
        } else {
            settings.putNull("reasoning_effort");
        }
        settings.putNull("developer_instructions");
        return kept;
    }

    private static void refuse(boolean unsafe, String why) {
        if (unsafe) {
            throw new RpcException(ErrorCode.BAD_REQUEST, why);
        }
    }
}
