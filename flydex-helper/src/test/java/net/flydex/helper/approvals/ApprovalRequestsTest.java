package net.flydex.helper.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import net.flydex.protocol.ApprovalKind;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Codex adds fields and enum values at every release: what the helper reads from it must never break on them. */
class ApprovalRequestsTest {

    private static JsonNode json(String text) {
        return WireJson.mapper().readTree(text);
    }

    @Test
    void aRequestWithFieldsAndValuesFromANewerCodexStillMakesACard() {
        var approval = ApprovalRequests.toApproval(ApprovalRequests.COMMAND, json("""
                {"threadId":"t","turnId":"u","itemId":"i","command":"ls","cwd":"/w","reason":null,
                 "kind":"someFutureKind","environmentId":{"nested":[1,2]},"availableDecisions":["accept",{"brandNew":{"x":1}}],
                 "codexErrorInfo":"bioPolicy","moderation":{"display":{"mode":"hide","version":2}},"futureFlag":true}"""),
                Optional.empty(), Instant.EPOCH).orElseThrow();

        assertThat(approval.kind()).isEqualTo(ApprovalKind.COMMAND);
        assertThat(approval.command()).contains("ls");
        assertThat(approval.reason()).isEmpty();
    }

    @Test
    void fieldsOfAnUnexpectedShapeAreLeftOutRatherThanFailing() {
        var approval = ApprovalRequests.toApproval(ApprovalRequests.COMMAND, json("""
                {"threadId":"t","turnId":"u","itemId":"i","command":["ls","-la"],"cwd":7}"""), Optional.empty(), Instant.EPOCH)
                .orElseThrow();

        assertThat(approval.command()).isEmpty();
        assertThat(approval.cwd()).isEmpty();
        assertThat(ApprovalRequests.toApproval("item/someFuture/requestApproval", json("{}"), Optional.empty(), Instant.EPOCH)).isEmpty();
    }
}
