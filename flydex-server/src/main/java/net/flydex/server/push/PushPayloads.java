package net.flydex.server.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plaintext of each push (shapes in {@code docs/api.md}): what a lock screen may show, cut to
 * named lengths, and then cut further until the whole fits RFC 8291's 4,096 bytes once encrypted.
 * Built from the helper's frames as they came; nothing here is stored.
 */
final class PushPayloads {
    /** 4,096 bytes encrypted, less RFC 8291's header (86), the AEAD tag (16) and the padding delimiter (1). */
    static final int MAX_PLAINTEXT_BYTES = 4096 - 86 - 16 - 1;
    /** A lock screen shows two or three lines; the card has the rest. */
    static final int MAX_COMMAND = 300;
    static final int MAX_FILES = 10;
    static final int MAX_PATH = 200;
    static final int MAX_QUESTION = 300;
    static final int MAX_REASON = 300;
    static final int MAX_THREAD_TITLE = 120;
    static final int MAX_MACHINE_NAME = 100;
    /** What a shortened field is cut to first when the payload is still too large. */
    private static final int SHORT = 60;
    /** Ids FlyDex and Codex mint; anything else is not put into a route. */
    private static final Pattern ROUTE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** Only these approvals may offer Approve/Deny on a notification; questions and permissions need the page. */
    private static final List<String> DECIDABLE_KINDS = List.of("command", "fileChange");

    private PushPayloads() {}

    /** An {@code approval} push from the helper's card, with or without details. */
    static byte[] approval(String machineId, String machineName, JsonNode approval, boolean hideDetails) {
        String approvalId = approval.path("approvalId").asString("");
        String threadId = approval.path("threadId").asString("");
        ObjectNode push = base("approval", machineId, machineName).put("approvalId", approvalId)
                .put("url", ROUTE_ID.matcher(threadId).matches() && ROUTE_ID.matcher(approvalId).matches()
                        ? "/machines/" + machineId + "/threads/" + threadId + "?approval=" + approvalId : "/approvals");
        if (hideDetails) {
            return fit(push.put("canDecide", false).put("hideDetails", true));
        }
        String kind = approval.path("kind").asString("");
        push.put("kind", kind).put("threadId", threadId);
        text(approval, "threadTitle").ifPresent(title -> push.put("threadTitle", cut(title, MAX_THREAD_TITLE)));
        switch (kind) {
            case "command" -> text(approval, "command").ifPresent(command -> push.put("command", cut(command, MAX_COMMAND)));
            case "fileChange" -> files(push, approval.path("changes"));
            case "userInput" -> text(approval.path("questions").path(0), "question").ifPresent(q -> push.put("question", cut(q, MAX_QUESTION)));
            default -> text(approval, "reason").ifPresent(reason -> push.put("reason", cut(reason, MAX_REASON)));
        }
        List<String> decisions = approval.path("availableDecisions").valueStream().map(d -> d.asString("")).toList();
        boolean canDecide = DECIDABLE_KINDS.contains(kind) && decisions.contains("accept") && decisions.contains("decline");
        return fit(push.put("canDecide", canDecide).put("hideDetails", false));
    }

    /** An {@code approvalResolved} push: the notification for this approval is to be closed or replaced. */
    static byte[] resolved(String machineId, JsonNode frame) {
        return fit(WireJson.mapper().createObjectNode().put("type", "approvalResolved").put("machineId", machineId)
                .put("approvalId", frame.path("approvalId").asString("")).put("decision", frame.path("decision").asString(""))
                .put("resolvedBy", frame.path("resolvedBy").asString("")));
    }

    static byte[] turnEnded(String machineId, String machineName, String threadId, Optional<String> threadTitle, String status,
            boolean hideDetails) {
        ObjectNode push = base("turnEnded", machineId, machineName).put("threadId", threadId).put("status", status)
                .put("url", ROUTE_ID.matcher(threadId).matches() ? "/machines/" + machineId + "/threads/" + threadId : "/machines/" + machineId);
        if (!hideDetails) {
            threadTitle.ifPresent(title -> push.put("threadTitle", cut(title, MAX_THREAD_TITLE)));
        }
        return fit(push);
    }

    static byte[] machineOffline(String machineId, String machineName) {
        return fit(base("machineOffline", machineId, machineName).put("url", "/machines/" + machineId));
    }

    /** The {@code Topic} of an approval's pushes: stable per approval, revealing nothing of it to the push service. */
    static String topic(String approvalId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(approvalId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ObjectNode base(String type, String machineId, String machineName) {
        return WireJson.mapper().createObjectNode().put("type", type).put("machineId", machineId)
                .put("machineName", cut(machineName, MAX_MACHINE_NAME));
    }

    private static void files(ObjectNode push, JsonNode changes) {
        ArrayNode files = push.putArray("files");
        changes.valueStream().map(change -> change.path("path").asString("")).filter(Predicate.not(String::isEmpty)).limit(MAX_FILES)
                .forEach(path -> files.add(cut(path, MAX_PATH)));
        push.put("moreFiles", Math.max(0, changes.size() - files.size()));
    }

    /** Shortens what a lock screen can do without, in order, until the payload fits. */
    private static byte[] fit(ObjectNode push) {
        byte[] bytes = WireJson.mapper().writeValueAsBytes(push);
        List<Runnable> shrinks = new ArrayList<>();
        for (String field : List.of("command", "question", "reason", "threadTitle", "machineName")) {
            shrinks.add(() -> push.path(field).asOptional().ifPresent(value -> push.put(field, cut(value.asString(""), SHORT))));
        }
        shrinks.add(() -> {
            if (push.path("files").isArray()) {
                push.put("moreFiles", push.path("moreFiles").asInt(0) + push.path("files").size());
                push.withArray("files").removeAll();
            }
        });
        for (String field : List.of("command", "question", "reason", "threadTitle")) {
            shrinks.add(() -> push.remove(field));
        }
        for (int i = 0; bytes.length > MAX_PLAINTEXT_BYTES && i < shrinks.size(); i++) {
            shrinks.get(i).run();
            bytes = WireJson.mapper().writeValueAsBytes(push);
        }
        return bytes;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isBlank() ? Optional.of(value.asString()) : Optional.empty();
    }

    /** At most {@code max} characters, never splitting a surrogate pair, with an ellipsis when cut. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
