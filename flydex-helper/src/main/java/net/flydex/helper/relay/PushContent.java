package net.flydex.helper.relay;

import static net.flydex.protocol.ShortText.cut;

import java.util.List;
import java.util.Optional;
import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.E2eLimits;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a notification says, sealed by the helper for each device's service worker (docs/e2e.md,
 * "Push and decisions"): the fields the control plane's push package used to read from the clear
 * card - {@code kind}, {@code threadId}, {@code threadTitle}, then {@code command}, {@code files}
 * and {@code moreFiles}, {@code question} or {@code reason}, and {@code canDecide} - cut to what a
 * lock screen shows, then shortened until the whole fits {@link E2eLimits#MAX_PUSH_PLAINTEXT_BYTES};
 * for a resolution {@code decision} and {@code resolvedBy}; for a turn that ended {@code threadId},
 * {@code threadTitle} and {@code status}. The clear part of the push (machine id and name, approval id) is the server's.
 */
final class PushContent {
    /** A lock screen shows two or three lines; the card has the rest. */
    static final int MAX_COMMAND = 300;
    static final int MAX_FILES = 10;
    static final int MAX_PATH = 200;
    static final int MAX_QUESTION = 300;
    static final int MAX_REASON = 300;
    static final int MAX_THREAD_TITLE = 120;
    /** What a text field is cut to first when the content is still too large. */
    static final int SHORT = 60;
    /** Only these approvals may offer Approve/Deny on a notification; questions and permissions need the page. */
    private static final List<String> DECIDABLE_KINDS = List.of("command", "fileChange");
    /** Text fields, in the order they are shortened and then left out when the content does not fit. */
    private static final List<String> SHRINKABLE = List.of("command", "question", "reason", "threadTitle");

    private PushContent() {}

    /** The content of an {@code approval} push, from the card the sessions get. */
    static byte[] approval(JsonNode card) {
        String kind = card.path("kind").asString("");
        ObjectNode push = WireJson.mapper().createObjectNode().put("kind", kind).put("threadId", card.path("threadId").asString(""));
        text(card, "threadTitle").ifPresent(title -> push.put("threadTitle", cut(title, MAX_THREAD_TITLE)));
        switch (kind) {
            case "command" -> text(card, "command").ifPresent(command -> push.put("command", cut(command, MAX_COMMAND)));
            case "fileChange" -> files(push, card.path("changes"));
            case "userInput" -> text(card.path("questions").path(0), "question").ifPresent(q -> push.put("question", cut(q, MAX_QUESTION)));
            default -> text(card, "reason").ifPresent(reason -> push.put("reason", cut(reason, MAX_REASON)));
        }
        List<String> decisions = card.path("availableDecisions").valueStream().map(d -> d.asString("")).toList();
        push.put("canDecide", DECIDABLE_KINDS.contains(kind) && decisions.contains("accept") && decisions.contains("decline"));
        return fit(push);
    }

    /** The content of an {@code approvalResolved} push. */
    static byte[] resolved(ApprovalResolution resolution) {
        return WireJson.mapper().writeValueAsBytes(WireJson.mapper().createObjectNode().put("decision", resolution.decision().wire())
                .put("resolvedBy", resolution.resolvedBy().wire()));
    }

    /** The content of a {@code turnEnded} push: the thread, its title when the helper knows it, and {@code completed} or {@code failed}. */
    static byte[] turnEnded(String threadId, Optional<String> threadTitle, String status) {
        ObjectNode push = WireJson.mapper().createObjectNode().put("threadId", threadId);
        threadTitle.ifPresent(title -> push.put("threadTitle", cut(title, MAX_THREAD_TITLE)));
        return fit(push.put("status", status));
    }

    private static void files(ObjectNode push, JsonNode changes) {
        ArrayNode files = push.putArray("files");
        changes.valueStream().map(change -> change.path("path").asString("")).filter(path -> !path.isEmpty()).limit(MAX_FILES)
                .forEach(path -> files.add(cut(path, MAX_PATH)));
        push.put("moreFiles", Math.max(0, changes.size() - files.size()));
    }

    /** Shortens, then drops, what a lock screen can do without, until the content fits. */
    private static byte[] fit(ObjectNode push) {
        for (String field : SHRINKABLE) {
            if (fits(push)) {
                break;
            }
            push.path(field).asOptional().ifPresent(value -> push.put(field, cut(value.asString(""), SHORT)));
        }
        if (!fits(push) && push.path("files").isArray()) {
            push.put("moreFiles", push.path("moreFiles").asInt(0) + push.path("files").size());
            push.withArray("files").removeAll();
        }
        for (String field : SHRINKABLE) {
            if (fits(push)) {
                break;
            }
            push.remove(field);
        }
        return WireJson.mapper().writeValueAsBytes(push);
    }

    private static boolean fits(ObjectNode push) {
        return WireJson.mapper().writeValueAsBytes(push).length <= E2eLimits.MAX_PUSH_PLAINTEXT_BYTES;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isBlank() ? Optional.of(value.asString()) : Optional.empty();
    }
}
