package net.flydex.helper.relay;

import static org.assertj.core.api.Assertions.assertThat;

import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.Decision;
import net.flydex.protocol.ResolvedBy;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.E2eLimits;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What a sealed notification says, and that it always fits a Web Push body once sealed. */
class PushContentTest {

    @Test
    void aCommandCardSaysWhatWillRunAndMayBeDecided() {
        JsonNode push = read(PushContent.approval(card("command").put("command", "rm -rf build").put("threadTitle", "Fix the build")));

        assertThat(push.path("kind").asString()).isEqualTo("command");
        assertThat(push.path("threadId").asString()).isEqualTo("thr_1");
        assertThat(push.path("threadTitle").asString()).isEqualTo("Fix the build");
        assertThat(push.path("command").asString()).isEqualTo("rm -rf build");
        assertThat(push.path("canDecide").asBoolean()).isTrue();
        assertThat(push.has("approvalId")).isFalse(); // Clear in the push frame already.
    }

    @Test
    void aFileChangeListsItsFilesAndAQuestionItsFirstQuestion() {
        ObjectNode files = card("fileChange");
        var changes = files.putArray("changes");
        for (int i = 0; i < 12; i++) {
            changes.addObject().put("path", "src/file" + i + ".txt").put("diff", "+x");
        }
        JsonNode filePush = read(PushContent.approval(files));
        assertThat(filePush.path("files")).hasSize(PushContent.MAX_FILES);
        assertThat(filePush.path("moreFiles").asInt()).isEqualTo(2);
        assertThat(filePush.toString()).doesNotContain("diff");

        ObjectNode question = card("userInput");
        question.putArray("questions").addObject().put("question", "Which colour?");
        JsonNode questionPush = read(PushContent.approval(question));
        assertThat(questionPush.path("question").asString()).isEqualTo("Which colour?");
        assertThat(questionPush.path("canDecide").asBoolean()).isFalse();
    }

    @Test
    void hugeCardsAreCutToFitASealedPush() {
        ObjectNode files = card("fileChange").put("threadTitle", "é".repeat(5000));
        var changes = files.putArray("changes");
        for (int i = 0; i < 10; i++) {
            changes.addObject().put("path", "\uD83D\uDE00".repeat(500));
        }
        byte[] cut = PushContent.approval(files);
        assertThat(cut.length).isLessThanOrEqualTo(E2eLimits.MAX_PUSH_PLAINTEXT_BYTES);
        assertThat(read(cut).path("kind").asString()).isEqualTo("fileChange");

        byte[] command = PushContent.approval(card("command").put("command", "x".repeat(100_000)).put("threadTitle", "t".repeat(100_000)));
        assertThat(command.length).isLessThanOrEqualTo(E2eLimits.MAX_PUSH_PLAINTEXT_BYTES);
        assertThat(read(command).path("command").asString()).hasSize(PushContent.MAX_COMMAND).endsWith("…");
    }

    @Test
    void aResolutionSaysHowItEnded() {
        JsonNode push = read(PushContent.resolved(new ApprovalResolution("apv_1", Decision.DECLINE, ResolvedBy.DESKTOP)));

        assertThat(push.path("decision").asString()).isEqualTo("decline");
        assertThat(push.path("resolvedBy").asString()).isEqualTo(ResolvedBy.DESKTOP.wire());
    }

    @Test
    void aTurnThatEndedNamesItsThreadItsTitleCutAndItsStatus() {
        JsonNode named = read(PushContent.turnEnded("thr_1", java.util.Optional.of("t".repeat(500)), "failed"));
        assertThat(named.propertyNames()).containsExactly("threadId", "threadTitle", "status");
        assertThat(named.path("threadTitle").asString()).hasSize(PushContent.MAX_THREAD_TITLE).endsWith("…");
        assertThat(named.path("status").asString()).isEqualTo("failed");

        JsonNode untitled = read(PushContent.turnEnded("thr_2", java.util.Optional.empty(), "completed"));
        assertThat(untitled.propertyNames()).containsExactly("threadId", "status");
    }

    private static ObjectNode card(String kind) {
        ObjectNode card = WireJson.mapper().createObjectNode().put("approvalId", "apv_1").put("kind", kind).put("threadId", "thr_1");
        card.putArray("availableDecisions").add("accept").add("decline");
        return card;
    }

    private static JsonNode read(byte[] json) {
        return WireJson.mapper().readTree(json);
    }
}
