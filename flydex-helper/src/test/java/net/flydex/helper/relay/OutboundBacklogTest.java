package net.flydex.helper.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The backlog's one liberty: consecutive deltas of one stream become one event, nothing else changes. */
class OutboundBacklogTest {
    private final OutboundBacklog backlog = new OutboundBacklog();

    @Test
    void consecutiveDeltasOfOneItemMergeInOrder() {
        backlog.add(delta("item/agentMessage/delta", "i1", "Hel"));
        backlog.add(delta("item/agentMessage/delta", "i1", "lo, "));
        backlog.add(delta("item/agentMessage/delta", "i1", "world"));

        List<Outbound> left = drain();
        assertThat(left).hasSize(1);
        Outbound.Event merged = (Outbound.Event) left.getFirst();
        assertThat(merged.method()).isEqualTo("item/agentMessage/delta");
        assertThat(merged.params().path("delta").asString()).isEqualTo("Hello, world");
        assertThat(merged.params().path("itemId").asString()).isEqualTo("i1");
        assertThat(merged.params().path("threadId").asString()).isEqualTo("t1");
    }

    @Test
    void theCodexParamsAreNeverChanged() {
        Outbound.Event first = delta("item/agentMessage/delta", "i1", "a");
        backlog.add(first);
        backlog.add(delta("item/agentMessage/delta", "i1", "b"));

        assertThat(first.params().path("delta").asString()).isEqualTo("a");
    }

    @Test
    void deltasOfAnotherItemOrMethodOrAnythingBetweenAreNotMerged() {
        backlog.add(delta("item/agentMessage/delta", "i1", "a"));
        backlog.add(delta("item/agentMessage/delta", "i2", "b"));
        backlog.add(delta("item/commandExecution/outputDelta", "i2", "c"));
        backlog.add(new Outbound.Broadcast("approval", "apv_1", new byte[] {1}));
        backlog.add(delta("item/commandExecution/outputDelta", "i2", "d"));
        backlog.add(event("turn/completed", "{\"threadId\":\"t1\"}"));
        backlog.add(event("turn/completed", "{\"threadId\":\"t1\"}"));

        assertThat(drain()).hasSize(7);
    }

    @Test
    void deltasDifferingInAnyOtherFieldAreNotMerged() {
        backlog.add(event("item/reasoning/summaryTextDelta", "{\"itemId\":\"i1\",\"summaryIndex\":0,\"delta\":\"a\"}"));
        backlog.add(event("item/reasoning/summaryTextDelta", "{\"itemId\":\"i1\",\"summaryIndex\":1,\"delta\":\"b\"}"));
        backlog.add(event("item/reasoning/summaryTextDelta", "{\"itemId\":\"i1\",\"summaryIndex\":1,\"delta\":\"c\"}"));

        List<Outbound> left = drain();
        assertThat(left).hasSize(2);
        assertThat(((Outbound.Event) left.get(1)).params().path("delta").asString()).isEqualTo("bc");
    }

    @Test
    void notStreamedOrMalformedDeltasAreLeftAlone() {
        backlog.add(event("item/other/delta", "{\"itemId\":\"i1\",\"delta\":\"a\"}"));
        backlog.add(event("item/other/delta", "{\"itemId\":\"i1\",\"delta\":\"b\"}"));
        backlog.add(event("item/agentMessage/delta", "{\"itemId\":\"i1\",\"delta\":5}"));
        backlog.add(event("item/agentMessage/delta", "{\"itemId\":\"i1\",\"delta\":6}"));
        backlog.add(event("item/agentMessage/delta", "{\"delta\":\"x\"}"));
        backlog.add(event("item/agentMessage/delta", "{\"delta\":\"y\"}"));

        assertThat(drain()).hasSize(6);
    }

    @Test
    void aMergedDeltaStopsGrowingAtItsLimit() {
        String half = "x".repeat(OutboundBacklog.MAX_MERGED_DELTA_CHARS / 2 + 1);
        backlog.add(delta("item/agentMessage/delta", "i1", half));
        backlog.add(delta("item/agentMessage/delta", "i1", half));

        assertThat(drain()).hasSize(2);
    }

    private List<Outbound> drain() {
        List<Outbound> out = new ArrayList<>();
        for (var next = backlog.poll(); next.isPresent(); next = backlog.poll()) {
            out.add(next.get());
        }
        return out;
    }

    private static Outbound.Event delta(String method, String itemId, String text) {
        return new Outbound.Event(method, WireJson.mapper().createObjectNode().put("threadId", "t1").put("turnId", "u1")
                .put("itemId", itemId).put("delta", text));
    }

    private static Outbound.Event event(String method, String params) {
        JsonNode json = WireJson.mapper().readTree(params);
        return new Outbound.Event(method, json);
    }
}
