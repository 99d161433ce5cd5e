package net.flydex.helper.relay;

import static org.assertj.core.api.Assertions.assertThat;

import net.flydex.protocol.Limits;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ThreadTitlesTest {
    private final ThreadTitles titles = new ThreadTitles();

    @Test
    void aThreadIsCalledByItsNameElseItsPreviewElseItsFirstPrompt() {
        titles.noticed("item/started", json("{\"threadId\":\"t1\",\"item\":{\"type\":\"userMessage\",\"content\":[{\"type\":\"text\",\"text\":\"fix  the\\n tests\"}]}}"));
        assertThat(titles.of("t1")).contains("fix the tests");
        titles.noticed("item/started", json("{\"threadId\":\"t1\",\"item\":{\"type\":\"userMessage\",\"content\":[{\"type\":\"text\",\"text\":\"and now lint\"}]}}"));
        assertThat(titles.of("t1")).as("a later prompt is not the title").contains("fix the tests");

        titles.answered(json("{\"data\":[{\"id\":\"t1\",\"preview\":\"Fix the tests\",\"name\":null},{\"id\":\"t2\",\"name\":\"Release\"}]}"));
        assertThat(titles.of("t1")).contains("Fix the tests");
        assertThat(titles.of("t2")).contains("Release");

        titles.answered(json("{\"thread\":{\"id\":\"t2\",\"preview\":\"something else\",\"name\":null}}"));
        assertThat(titles.of("t2")).as("a preview never replaces a name").contains("Release");
        titles.noticed("thread/name/updated", json("{\"threadId\":\"t1\",\"threadName\":\"Flaky test\"}"));
        assertThat(titles.of("t1")).contains("Flaky test");
        assertThat(titles.of("t3")).isEmpty();
    }

    @Test
    void titlesAreCutAndFewAreKept() {
        titles.answered(json("{\"thread\":{\"id\":\"long\",\"name\":\"" + "x".repeat(500) + "\"}}"));
        assertThat(titles.of("long").orElseThrow()).hasSize(Limits.MAX_THREAD_TITLE).endsWith("…");
        for (int i = 0; i < ThreadTitles.KEPT + 10; i++) {
            titles.answered(json("{\"thread\":{\"id\":\"t" + i + "\",\"name\":\"n\"}}"));
        }
        assertThat(titles.of("long")).isEmpty();
        assertThat(titles.of("t" + (ThreadTitles.KEPT + 9))).contains("n");
    }

    private static JsonNode json(String text) {
        return WireJson.mapper().readTree(text);
    }
}
