package net.flydex.helper.approvals;

import net.flydex.protocol.Decision;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes a decision in the response shape each Codex request method expects (brief, section 6). */
final class DecisionEncoder {
    private DecisionEncoder() {}

    static JsonNode encode(String method, JsonNode params, Answer answer) {
        ObjectNode result = WireJson.mapper().createObjectNode();
        Decision decision = answer.decision();
        switch (method) {
            case ApprovalRequests.PERMISSIONS -> {
                // Granting is echoing what was asked; an empty grant is Codex's "deny".
                result.set("permissions", decision.accepts() ? params.path("permissions") : WireJson.mapper().createObjectNode());
                result.put("scope", decision == Decision.ACCEPT_FOR_SESSION ? "session" : "turn");
            }
            case ApprovalRequests.USER_INPUT -> result.set("answers", userInputAnswers(answer));
            case ApprovalRequests.LEGACY_COMMAND, ApprovalRequests.LEGACY_PATCH -> {
                switch (decision) {
                    case ACCEPT -> result.put("decision", "approved");
                    case ACCEPT_FOR_SESSION -> result.put("decision", "approved_for_session");
                    case CANCEL -> result.put("decision", "abort");
                    default -> result.putObject("decision").putObject("denied").put("rejection", "Declined from FlyDex");
                }
            }
            default -> result.put("decision", decision.wire());
        }
        return result;
    }

    /** Accepts {@code "text"}, {@code ["a","b"]} or Codex's own {@code {"answers":[...]}} per question. */
    private static JsonNode userInputAnswers(Answer answer) {
        ObjectNode encoded = WireJson.mapper().createObjectNode();
        if (answer.decision() != Decision.ANSWERED) {
            return encoded;
        }
        answer.answers().ifPresent(given -> given.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            var list = encoded.putObject(entry.getKey()).putArray("answers");
            if (value.isString()) {
                list.add(value.asString());
            } else {
                (value.isArray() ? value : value.path("answers")).forEach(v -> list.add(v.asString("")));
            }
        }));
        return encoded;
    }
}
