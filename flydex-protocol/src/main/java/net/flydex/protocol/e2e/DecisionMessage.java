package net.flydex.protocol.e2e;

import java.time.Duration;
import java.time.Instant;
import net.flydex.protocol.Decision;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;

/**
 * A decision taken on a notification, as the service worker seals it for the helper (purpose
 * {@link OneShot.Purpose#DECISION}, envelope type {@value #TYPE}, ref = the approval id). The JSON
 * is {@code {"approvalId","decision","idempotencyKey","issuedAt"}} with issuedAt in epoch
 * milliseconds. Replays are the helper's exactly-once rules' business (same idempotency key, same
 * result); {@link #checkFresh} bounds how long a captured one stays usable.
 */
public record DecisionMessage(String approvalId, Decision decision, String idempotencyKey, long issuedAt) {
    /** The envelope type of a sealed decision. */
    public static final String TYPE = "decision";
    /** Idempotency keys are short random strings; a longer one is not ours. */
    public static final int MAX_IDEMPOTENCY_KEY_CHARS = 128;

    byte[] toJson() {
        return WireJson.mapper().writeValueAsBytes(this);
    }

    /** Reads an opened decision; {@code approvalId} is the envelope's, which the JSON must repeat. */
    static DecisionMessage parse(byte[] json, String approvalId) throws E2eException {
        DecisionMessage message;
        try {
            message = WireJson.mapper().readValue(json, DecisionMessage.class);
        } catch (JacksonException e) {
            throw new E2eException(Failure.MALFORMED, "not a decision");
        }
        boolean valid = message.approvalId != null && message.approvalId.equals(approvalId)
                && message.decision != null && message.decision != Decision.ANSWERED
                && message.idempotencyKey != null && !message.idempotencyKey.isEmpty()
                && message.idempotencyKey.length() <= MAX_IDEMPOTENCY_KEY_CHARS && message.issuedAt > 0;
        if (!valid) {
            throw new E2eException(Failure.MALFORMED, "not a decision for this approval");
        }
        return message;
    }

    /** Refuses a decision issued more than {@link E2eLimits#DECISION_MAX_AGE} ago or too far ahead. */
    void checkFresh(Instant now) throws E2eException {
        Duration age = Duration.between(Instant.ofEpochMilli(issuedAt), now);
        if (age.compareTo(E2eLimits.DECISION_MAX_AGE) > 0 || age.negated().compareTo(E2eLimits.DECISION_MAX_CLOCK_SKEW) > 0) {
            throw new E2eException(Failure.STALE, "decision issued outside the accepted window");
        }
    }
}
