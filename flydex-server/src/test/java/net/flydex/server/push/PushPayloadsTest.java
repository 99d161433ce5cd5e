package net.flydex.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PushPayloadsTest {
    @Test
    void everyPayloadFitsAnEncryptedPushHoweverLargeTheCard() {
        ObjectNode card = WireJson.mapper().createObjectNode().put("approvalId", "apv_1").put("kind", "fileChange").put("threadId", "t1")
                .put("threadTitle", "😀".repeat(1000));
        for (int i = 0; i < 500; i++) {
            card.withArray("changes").addObject().put("path", "/very/long/" + "d".repeat(300) + i).put("diff", "x".repeat(1000));
        }
        card.putArray("availableDecisions").add("accept").add("decline");
        JsonNode push = WireJson.mapper().readTree(PushPayloads.approval("mch_1", "m".repeat(500), card, false));

        assertThat(PushPayloads.approval("mch_1", "m".repeat(500), card, false).length).isLessThanOrEqualTo(PushPayloads.MAX_PLAINTEXT_BYTES);
        assertThat(push.path("files").size()).isLessThanOrEqualTo(PushPayloads.MAX_FILES);
        assertThat(push.path("files").size() + push.path("moreFiles").asInt()).isEqualTo(500);
        assertThat(push.path("canDecide").asBoolean()).isTrue();
        assertThat(push.toString()).doesNotContain("xxxx");

        ObjectNode command = WireJson.mapper().createObjectNode().put("approvalId", "apv_2").put("kind", "command").put("threadId", "t1")
                .put("command", "c".repeat(100_000));
        byte[] bytes = PushPayloads.approval("mch_1", "desk", command, false);
        assertThat(bytes.length).isLessThanOrEqualTo(PushPayloads.MAX_PLAINTEXT_BYTES);
        assertThat(WireJson.mapper().readTree(bytes).path("command").asString()).hasSize(PushPayloads.MAX_COMMAND).endsWith("…");
        assertThat(WireJson.mapper().readTree(bytes).path("canDecide").asBoolean()).as("no decline offered").isFalse();
    }

    @Test
    void aQuestionIsShownButNeverDecidedFromTheNotificationAndCutsNeverSplitACharacter() {
        ObjectNode card = WireJson.mapper().createObjectNode().put("approvalId", "apv_3").put("kind", "userInput").put("threadId", "../x");
        card.putArray("questions").addObject().put("question", "Which database?");
        card.putArray("availableDecisions").add("answered").add("cancel");
        JsonNode push = WireJson.mapper().readTree(PushPayloads.approval("mch_1", "desk", card, false));
        assertThat(push.path("question").asString()).isEqualTo("Which database?");
        assertThat(push.path("canDecide").asBoolean()).isFalse();
        assertThat(push.path("url").asString()).as("a thread id that is not an id goes into no route").isEqualTo("/approvals");

        String cut = PushPayloads.cut("a" + "😀".repeat(10), 4);
        assertThat(cut).isEqualTo("a😀…");
        assertThat(PushPayloads.topic("apv_3")).matches("[A-Za-z0-9_-]{24}");
    }
}
