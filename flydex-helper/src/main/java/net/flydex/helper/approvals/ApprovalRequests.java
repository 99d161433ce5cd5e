package net.flydex.helper.approvals;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalKind;
import net.flydex.protocol.Decision;
import net.flydex.protocol.Limits;
import tools.jackson.databind.JsonNode;

/**
 * Turns a Codex server request into the {@link Approval} browsers see, or nothing when the
 * request is not one a person answers through FlyDex.
 */
public final class ApprovalRequests {
    public static final String COMMAND = "item/commandExecution/requestApproval";
    public static final String FILE_CHANGE = "item/fileChange/requestApproval";
    public static final String PERMISSIONS = "item/permissions/requestApproval";
    public static final String USER_INPUT = "item/tool/requestUserInput";
    public static final String LEGACY_COMMAND = "execCommandApproval";
    public static final String LEGACY_PATCH = "applyPatchApproval";

    public static final Set<String> METHODS = Set.of(COMMAND, FILE_CHANGE, PERMISSIONS, USER_INPUT, LEGACY_COMMAND, LEGACY_PATCH);

    private static final List<Decision> DECISIONS = List.of(
            Decision.ACCEPT, Decision.ACCEPT_FOR_SESSION, Decision.DECLINE, Decision.CANCEL);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApprovalRequests() {}

    /**
     * @param startedItem the {@code item/started} payload of the item the request is about, if
     *     seen: a file change's diff travels there, not in the request
     */
    public static Optional<Approval> toApproval(String method, JsonNode params, Optional<JsonNode> startedItem, Instant now) {
        String id = newApprovalId();
        return Optional.ofNullable(switch (method) {
            case COMMAND -> new Approval(id, ApprovalKind.COMMAND, text(params, "threadId"), text(params, "turnId"),
                    text(params, "itemId"), optText(params, "command"), optText(params, "cwd"), optText(params, "reason"),
                    Optional.empty(), Optional.empty(), Optional.empty(), DECISIONS, now);
            case FILE_CHANGE -> new Approval(id, ApprovalKind.FILE_CHANGE, text(params, "threadId"), text(params, "turnId"),
                    text(params, "itemId"), Optional.empty(), optText(params, "grantRoot"), optText(params, "reason"),
                    startedItem.map(item -> item.path("changes")).filter(JsonNode::isArray),
                    Optional.empty(), Optional.empty(), DECISIONS, now);
            case PERMISSIONS -> new Approval(id, ApprovalKind.PERMISSIONS, text(params, "threadId"), text(params, "turnId"),
                    text(params, "itemId"), Optional.empty(), optText(params, "cwd"), optText(params, "reason"),
                    Optional.empty(), Optional.empty(), Optional.of(params.path("permissions")),
                    List.of(Decision.ACCEPT, Decision.ACCEPT_FOR_SESSION, Decision.DECLINE), now);
            case USER_INPUT -> new Approval(id, ApprovalKind.USER_INPUT, text(params, "threadId"), text(params, "turnId"),
                    text(params, "itemId"), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(params.path("questions")), Optional.empty(),
                    List.of(Decision.ANSWERED, Decision.CANCEL), now);
            case LEGACY_COMMAND -> new Approval(id, ApprovalKind.COMMAND, text(params, "conversationId"), "",
                    text(params, "callId"), Optional.of(joinArgv(params.path("command"))), optText(params, "cwd"),
                    optText(params, "reason"), Optional.empty(), Optional.empty(), Optional.empty(), DECISIONS, now);
            case LEGACY_PATCH -> new Approval(id, ApprovalKind.FILE_CHANGE, text(params, "conversationId"), "",
                    text(params, "callId"), Optional.empty(), optText(params, "grantRoot"), optText(params, "reason"),
                    Optional.of(params.path("fileChanges")), Optional.empty(), Optional.empty(), DECISIONS, now);
            default -> null;
        });
    }

    /** 128 random bits, URL-safe: an approval id cannot be guessed from another. */
    static String newApprovalId() {
        byte[] bytes = new byte[Limits.ID_BYTES];
        RANDOM.nextBytes(bytes);
        return "apv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String text(JsonNode params, String field) {
        return params.path(field).asString("");
    }

    private static Optional<String> optText(JsonNode params, String field) {
        JsonNode value = params.path(field);
        return value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }

    private static String joinArgv(JsonNode argv) {
        var parts = new java.util.ArrayList<String>();
        argv.forEach(part -> parts.add(part.asString("")));
        return String.join(" ", parts);
    }
}
