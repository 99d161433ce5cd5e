package net.flydex.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class WireJsonTest {

    @Test
    void anApprovalHasTheContractShape() {
        var approval = new Approval("apv_x", ApprovalKind.FILE_CHANGE, "t", "u", "i", Optional.empty(), Optional.of("/w"),
                Optional.empty(), Optional.of(WireJson.mapper().readTree("[{\"path\":\"a.txt\"}]")), Optional.empty(),
                Optional.empty(), List.of(Decision.ACCEPT, Decision.ACCEPT_FOR_SESSION), Instant.parse("2026-11-24T14:00:00Z"));

        assertThat(WireJson.mapper().writeValueAsString(approval)).isEqualTo("{\"approvalId\":\"apv_x\",\"kind\":\"fileChange\","
                + "\"threadId\":\"t\",\"turnId\":\"u\",\"itemId\":\"i\",\"cwd\":\"/w\",\"changes\":[{\"path\":\"a.txt\"}],"
                + "\"availableDecisions\":[\"accept\",\"acceptForSession\"],\"createdAt\":\"2026-11-24T14:00:00Z\"}");
    }

    @Test
    void enumsUseTheirWireNamesBothWays() {
        assertThat(WireJson.mapper().writeValueAsString(new ApprovalResolution("a", Decision.ACCEPT_FOR_SESSION, ResolvedBy.TURN_ENDED)))
                .isEqualTo("{\"approvalId\":\"a\",\"decision\":\"acceptForSession\",\"resolvedBy\":\"turn_ended\"}");
        assertThat(WireJson.mapper().readValue("\"decline\"", Decision.class)).isEqualTo(Decision.DECLINE);
        assertThat(Decision.fromWire("approved")).isEmpty();
        assertThat(WireJson.mapper().writeValueAsString(ErrorCode.METHOD_NOT_ALLOWED)).isEqualTo("\"method_not_allowed\"");
    }

    @Test
    void duplicateKeysTrailingDataAndDeepNestingAreRefused() {
        assertThatThrownBy(() -> WireJson.mapper().readTree("{\"a\":1,\"a\":2}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> WireJson.mapper().readTree("{\"a\":1} {}")).isInstanceOf(JacksonException.class);
        String deep = "[".repeat(Limits.MAX_JSON_NESTING + 1) + "]".repeat(Limits.MAX_JSON_NESTING + 1);
        assertThatThrownBy(() -> WireJson.mapper().readTree(deep)).isInstanceOf(JacksonException.class);
        assertThat(WireJson.mapper().readTree("[".repeat(50) + "]".repeat(50)).isArray()).isTrue();
    }

    @Test
    void theAllowListNeverContainsShellFileOrConfigMethods() {
        assertThat(RpcMethods.ALLOWED).containsExactlyInAnyOrder("approvals/list", "approval/respond", "thread/list", "thread/read",
                        "thread/turns/list", "thread/start", "thread/resume", "turn/start", "turn/interrupt", "turn/steer",
                        "thread/name/set", "thread/archive", "model/list")
                .noneMatch(m -> m.startsWith("command/") || m.startsWith("fs/") || m.startsWith("config/"));
        assertThat(RpcMethods.isAllowed("turn/start")).isTrue();
        assertThat(RpcMethods.isAllowed("command/exec")).isFalse();
    }
}
