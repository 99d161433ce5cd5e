package net.flydex.server.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;

class FrameEnvelopeTest {
    @Test
    void readsTheTopLevelTypeAndIdAndReplacesTheIdLeavingEveryOtherCharacterAsItCame() {
        String text = "{\"type\":\"result\", \"result\":{\"id\":\"inner\",\"text\":\"é \\\"q\\\" \\u00e9\",\"n\":[1, 2.50]},\"id\":\"rly_\\u0041b\"}";
        FrameEnvelope envelope = FrameEnvelope.read(text).orElseThrow();

        assertThat(envelope.type()).isEqualTo("result");
        assertThat(envelope.id()).contains("rly_Ab");
        String replaced = envelope.withId("c-\"1\"");
        assertThat(replaced).isEqualTo(text.replace("\"rly_\\u0041b\"", "\"c-\\\"1\\\"\""));
        assertThat(WireJson.mapper().readTree(replaced).path("id").asString()).isEqualTo("c-\"1\"");
        assertThat(WireJson.mapper().readTree(replaced).path("result").path("id").asString()).as("nested ids untouched").isEqualTo("inner");
    }

    @Test
    void theNewIdIsQuotedExactlyAsJacksonQuotesIt() {
        String text = "{\"type\":\"result\",\"id\":\"rly_1\",\"deviceId\":\"d\",\"sealed\":\"AAAA\"}";
        FrameEnvelope envelope = FrameEnvelope.read(text).orElseThrow();
        for (String id : new String[] {"b0000001", "", "q\"uote", "back\\slash", "tab\tnew\nline\u0000\u001f\u007f", "é ü 中文 😀",
                "lone \ud800 surrogate", "</script>"}) {
            String expected = text.replace("\"rly_1\"", WireJson.mapper().writeValueAsString(id));
            assertThat(envelope.withId(id)).as(id).isEqualTo(expected);
        }
    }

    @Test
    void anythingButOneWellFormedObjectWithoutDuplicateKeysHasNoEnvelope() {
        for (String text : new String[] {"[]", "\"result\"", "", "{\"type\":\"result\"", "{\"type\":\"result\"} {}",
                "{\"type\":\"result\",\"id\":\"a\",\"id\":\"b\"}", "{\"type\":\"result\",\"result\":{\"a\":1,\"a\":2}}",
                "{\"type\":\"result\",\"result\":{\"a\":}}"}) {
            assertThat(FrameEnvelope.read(text)).as(text).isEmpty();
        }
    }

    @Test
    void aMissingOrNonStringTypeOrIdIsEmptyAndCannotBeReplaced() {
        FrameEnvelope envelope = FrameEnvelope.read("{\"type\":1,\"id\":7}").orElseThrow();
        assertThat(envelope.type()).isEmpty();
        assertThat(envelope.id()).isEqualTo(Optional.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> envelope.withId("x")).isInstanceOf(IllegalStateException.class);
    }
}
