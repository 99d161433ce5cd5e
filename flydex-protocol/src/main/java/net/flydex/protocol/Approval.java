package net.flydex.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A request from Codex waiting for a person, as every browser sees it. The helper mints
 * {@code approvalId}; Codex's own request id never leaves the helper. Optional fields are absent
 * on the wire when Codex did not send them.
 *
 * @param command the shell command, for {@link ApprovalKind#COMMAND}
 * @param cwd the working directory the command or permission applies to
 * @param reason the model's justification, when it gave one
 * @param changes file changes with their diffs, for {@link ApprovalKind#FILE_CHANGE}
 * @param questions the questions, for {@link ApprovalKind#USER_INPUT}
 * @param permissions the permissions asked for, for {@link ApprovalKind#PERMISSIONS}
 * @param availableDecisions the decisions the browser may send
 */
public record Approval(
        String approvalId,
        ApprovalKind kind,
        String threadId,
        String turnId,
        String itemId,
        Optional<String> command,
        Optional<String> cwd,
        Optional<String> reason,
        Optional<JsonNode> changes,
        Optional<JsonNode> questions,
        Optional<JsonNode> permissions,
        List<Decision> availableDecisions,
        Instant createdAt) {

    public Approval {
        availableDecisions = List.copyOf(availableDecisions);
    }
}
