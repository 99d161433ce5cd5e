package net.flydex.helper.bridge;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.Limits;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a browser may put in the params of a forwarded call. FlyDex exists to keep a person in
 * the loop, so no call from a browser may turn approvals off, escape the sandbox or rewrite Codex's
 * configuration. In attach mode the threads belong to the person at the desk: overrides on
 * resume and turns would persist and change their settings, so only the essentials pass.
 *
 * <p>A prompt's input is text and at most one image given inline as a {@code data:} URL: Codex's
 * other inputs name files on the desktop ({@code localImage}, {@code mention}, {@code skill}),
 * which would let a browser make Codex read them. The methods added for the threads list and the
 * model picker take exactly the params they need; any other key is refused, so they cannot be
 * used to send Codex more than a rename, an archive or a listing.
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
    /**
     * Reasoning efforts Codex names (0.171.0's schema and its model/list, which adds max and
     * ultra); an effort Codex adds later needs a FlyDex release before a phone may choose it.
     */
    static final Set<String> EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh", "max", "ultra");
    private static final Set<String> PROMPT_METHODS = Set.of("turn/start", "turn/steer");
    /** Codex thread ids are UUIDs; a bounded id-shaped string is all a rename or archive names. */
    private static final Pattern THREAD_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** The four image types every phone produces and Codex's model reads. */
    private static final Pattern IMAGE_URL = Pattern.compile("data:image/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2}");
    /** Longest opaque cursor passed back to Codex (Codex's own are under 100 characters). */
    private static final int MAX_CURSOR_CHARS = 1024;
    private static final Map<String, Set<String>> EXACT_PARAMS = Map.of(
            RpcMethods.THREAD_NAME_SET, Set.of("threadId", "name"),
            RpcMethods.THREAD_ARCHIVE, Set.of("threadId"),
            RpcMethods.MODEL_LIST, Set.of("cursor", "limit", "includeHidden"));

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
        if (EXACT_PARAMS.containsKey(method)) {
            return exact(method, checked);
        }
        if (PROMPT_METHODS.contains(method) && checked.has("input")) {
            checked.set("input", input(checked.get("input")));
        }
        refuse(checked.has("model") && !checked.path("model").asString("").matches(MODEL_NAME),
                "model must be a model name such as gpt-5.1-codex");
        refuse(checked.has("effort") && !EFFORTS.contains(checked.path("effort").asString("")),
                "effort must be one of " + EFFORTS);
        refuse(checked.has("searchTerm") && !(checked.get("searchTerm").isString()
                && checked.get("searchTerm").asString().length() <= Limits.MAX_SEARCH_TERM_CHARS),
                "searchTerm must be text of at most " + Limits.MAX_SEARCH_TERM_CHARS + " characters");
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
        refuse(!effort.isMissingNode() && !effort.isNull() && !EFFORTS.contains(effort.asString("")),
                "collaborationMode.settings.reasoning_effort must be one of " + EFFORTS + ", or null");
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

    /** Text parts and at most one inline image; each rebuilt from the fields Codex reads, nothing else. */
    private static ArrayNode input(JsonNode given) {
        refuse(!given.isArray(), "input must be a list");
        ArrayNode kept = WireJson.mapper().createArrayNode();
        int images = 0;
        for (JsonNode part : given) {
            switch (part.path("type").asString("")) {
                case "text" -> {
                    refuse(!part.path("text").isString(), "a text input needs its text");
                    kept.addObject().put("type", "text").put("text", part.path("text").asString()).putArray("text_elements");
                }
                case "image" -> {
                    String url = part.path("url").asString("");
                    refuse(++images > Limits.MAX_PROMPT_IMAGES, "a prompt carries at most " + Limits.MAX_PROMPT_IMAGES + " image");
                    refuse(url.length() > Limits.MAX_PROMPT_IMAGE_URL_CHARS, "the image is too large; send a smaller one");
                    refuse(!IMAGE_URL.matcher(url).matches(), "an image must be a data: URL of a PNG, JPEG, WebP or GIF");
                    kept.addObject().put("type", "image").put("url", url);
                }
                default -> throw new RpcException(ErrorCode.BAD_REQUEST, "a prompt carries text and images only");
            }
        }
        return kept;
    }

    private static ObjectNode exact(String method, ObjectNode given) {
        Set<String> allowed = EXACT_PARAMS.get(method);
        given.properties().forEach(e -> refuse(!allowed.contains(e.getKey()),
                method + " takes only " + allowed.stream().sorted().toList()));
        JsonNode threadId = given.path("threadId");
        refuse(allowed.contains("threadId") && !(threadId.isString() && THREAD_ID.matcher(threadId.asString()).matches()),
                "threadId must be a thread id");
        JsonNode name = given.path("name");
        refuse(allowed.contains("name") && !(name.isString() && !name.asString().isBlank()
                && name.asString().length() <= Limits.MAX_THREAD_NAME_CHARS && !name.asString().matches("(?s).*\\p{Cntrl}.*")),
                "name must be one line of 1 to " + Limits.MAX_THREAD_NAME_CHARS + " characters");
        refuse(given.has("cursor") && !(given.get("cursor").isNull()
                || given.get("cursor").isString() && given.get("cursor").asString().length() <= MAX_CURSOR_CHARS), "cursor must be a cursor");
        refuse(given.has("limit") && !(given.get("limit").isInt() && given.get("limit").asInt() >= 1 && given.get("limit").asInt() <= 200),
                "limit must be 1 to 200");
        refuse(given.has("includeHidden") && !given.get("includeHidden").isBoolean(), "includeHidden must be true or false");
        return given;
    }

    private static void refuse(boolean unsafe, String why) {
        if (unsafe) {
            throw new RpcException(ErrorCode.BAD_REQUEST, why);
        }
    }
}
