package net.flydex.helper.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;

class GreetingTest {
    @Test
    void theHelperKeyMessageIsTheProtocolsOwn() {
        String text = Greeting.helperKey("BPub");

        assertThat(WireJson.mapper().readTree(text).path("type").asString()).isEqualTo("helperKey");
        assertThat(WireJson.mapper().readValue(text, AgentMessage.class)).isEqualTo(new AgentMessage.HelperKey("BPub"));
    }
}
