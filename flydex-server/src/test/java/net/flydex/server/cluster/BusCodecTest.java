package net.flydex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import net.flydex.protocol.CodexStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BusCodecTest {
    @Test
    void anEnvelopeAndItsFrameReadBackUnchanged() {
        String frame = "{\"type\":\"event\",\"params\":{\"text\":\"line one\\nline two\"}}\n";
        var message = new BusMessage.FromAgent("node-a", 42, "node-a-7", "acc_1", "mch_1");

        BusCodec.Decoded decoded = BusCodec.decode(BusCodec.encode(message, frame)).orElseThrow();

        assertThat(decoded.message()).isEqualTo(message);
        assertThat(decoded.frame()).isEqualTo(frame);
    }

    @Test
    void presenceCarriesItsGenerationAndStatus() {
        var message = new BusMessage.Presence("node-b", 1, "acc_1", "mch_1", true, CodexStatus.STARTING, 1_700_000_000_000_123L);

        assertThat(BusCodec.decode(BusCodec.encode(message, "")).orElseThrow().message()).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no newline", "\n{}", "{}\n", "[]\n{}", "null\n", "{\"kind\":\"toAgent\"}\n",
        "{\"kind\":\"unknown\",\"node\":\"a\"}\n", "{\"kind\":\"disconnect\",\"node\":\"a\",\"sentAt\":1,\"machineId\":\"m\",\"code\":4401}\n",
        "{\"kind\":\"fromAgent\",\"node\":\"a\",\"sentAt\":\"soon\",\"requestId\":\"r\",\"accountId\":\"x\",\"machineId\":\"m\"}\n",
        "{\"kind\":\"presence\",\"node\":\"a\",\"sentAt\":1,\"accountId\":\"x\",\"machineId\":\"m\",\"online\":true,\"codexStatus\":\"bogus\",\"generation\":1}\n",
        "{\"kind\":\"toAgent\",\"node\":\"a\",\"sentAt\":1,\"requestId\":\"r\",\"accountId\":\"x\",\"machineId\":\"m\"} trailing\n{}"})
    void malformedMessagesAreDropped(String text) {
        assertThat(BusCodec.decode(text)).isEmpty();
    }

    @Test
    void oversizedEnvelopesAndMessagesAreDropped() {
        assertThat(BusCodec.decode("{\"kind\":\"toAgent\",\"node\":\"" + "a".repeat(BusCodec.MAX_ENVELOPE_CHARS) + "\"}\n{}")).isEmpty();
        String envelope = BusCodec.encode(new BusMessage.ToAgent("a", 1, "r", "acc", "m"), "");
        assertThat(BusCodec.decode(envelope + "x".repeat(BusCodec.MAX_MESSAGE_CHARS))).isEmpty();
    }
}
