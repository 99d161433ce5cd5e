package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.flydex.protocol.WireJson;
import net.flydex.server.e2e.E2eFields;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PushPayloadsTest {
    private static final String DEVICE = "AAAAAAAAAAAAAAAAAAAAAA";

    @Test
    void theLargestSealedCopyTheProtocolAllowsFitsBesideTheLongestMachineName() {
        String sealed = "A".repeat(E2eFields.MAX_ONE_SHOT_PUSH_CHARS);
        byte[] bytes = PushPayloads.notice("approval", "mch_" + "m".repeat(22), "😀".repeat(200), Optional.of("a".repeat(128)), DEVICE, Optional.of(sealed));

        assertThat(bytes.length).isLessThanOrEqualTo(PushPayloads.MAX_PLAINTEXT_BYTES);
        JsonNode push = WireJson.mapper().readTree(bytes);
        assertThat(push.path("sealed").asString()).isEqualTo(sealed);
        assertThat(push.path("machineName").asString()).hasSizeLessThanOrEqualTo(PushPayloads.MAX_MACHINE_NAME).endsWith("…");
    }

    @Test
    void aCopyTooLargeToFitIsLeftOutAndTheMachineIsStillNamed() {
        byte[] bytes = PushPayloads.notice("approval", "mch_1", "Ada's laptop", Optional.of("apv_1"), DEVICE, Optional.of("A".repeat(5000)));

        JsonNode push = WireJson.mapper().readTree(bytes);
        assertThat(bytes.length).isLessThanOrEqualTo(PushPayloads.MAX_PLAINTEXT_BYTES);
        assertThat(push.has("sealed")).isFalse();
        assertThat(push.path("machineName").asString()).isEqualTo("Ada's laptop");
    }

    @Test
    void aTurnNamesNoApprovalAndAMachineOfflineOnlyTheMachine() {
        JsonNode turn = WireJson.mapper().readTree(PushPayloads.notice("turnEnded", "mch_1", "Ada's laptop", Optional.empty(), DEVICE,
                Optional.empty()));
        assertThat(turn.propertyNames()).containsExactly("type", "machineId", "machineName", "deviceId");

        JsonNode offline = WireJson.mapper().readTree(PushPayloads.machineOffline("mch_1", "😀".repeat(200)));
        assertThat(offline.propertyNames()).containsExactly("type", "machineId", "machineName");
        assertThat(offline.path("type").asString()).isEqualTo("machineOffline");
        assertThat(offline.path("machineName").asString()).hasSizeLessThanOrEqualTo(PushPayloads.MAX_MACHINE_NAME);
    }

    @Test
    void cutsNeverSplitACharacterAndTopicsRevealNoApprovalId() {
        assertThat(net.flydex.protocol.ShortText.cut("a" + "😀".repeat(10), 4)).isEqualTo("a😀…");
        assertThat(PushPayloads.topic("apv_3")).matches("[A-Za-z0-9_-]{24}").doesNotContain("apv");
    }
}
