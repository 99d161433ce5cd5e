package net.flydex.helper.approvals;

import java.util.Optional;
import net.flydex.protocol.Decision;
import tools.jackson.databind.JsonNode;

/**
 * A browser's answer to one approval.
 *
 * @param answers for user-input requests: question id to the chosen label(s) or free text
 */
public record Answer(Decision decision, Optional<JsonNode> answers) {

    public static Answer of(Decision decision) {
        return new Answer(decision, Optional.empty());
    }
}
