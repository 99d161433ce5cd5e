package net.flydex.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The session frames are written as text without a tree: they must read exactly as Jackson writes the same fields. */
class SealedFramesTest {
    private static final String SEALED = "AQAAAAAAAAAA3q2-7w_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    /** Ids as a browser or helper may send them: plain, quoted, with a backslash, control characters, non-ASCII, a lone surrogate. */
    private static final List<String> IDS = List.of("b0000001", "", "say \"hi\"", "back\\slash", "tab\tnew\nline\u0000\u001f",
            "\u00e9t\u00e9 \u2028 \ud83d\ude00", "lone \ud800 half", "</script>");

    @Test
    void eachSessionFrameIsWhatJacksonWritesForTheSameFields() {
        for (String id : IDS) {
            assertThat(SealedFrames.rpcText(id, "mch_1", "dev", "ses", SEALED))
                    .isEqualTo(tree("rpc").put("id", id).put("machineId", "mch_1").put("deviceId", "dev").put("sessionId", "ses")
                            .put("sealed", SEALED).toString());
            assertThat(SealedFrames.rpcText(id, "", "dev", "ses", SEALED))
                    .isEqualTo(tree("rpc").put("id", id).put("deviceId", "dev").put("sessionId", "ses").put("sealed", SEALED).toString());
            assertThat(SealedFrames.resultText(id, "dev", "ses", SEALED))
                    .isEqualTo(tree("result").put("id", id).put("deviceId", "dev").put("sessionId", "ses").put("sealed", SEALED).toString());
            assertThat(SealedFrames.eventText(id, "dev", "ses", SEALED))
                    .isEqualTo(tree("event").put("machineId", id).put("deviceId", "dev").put("sessionId", "ses").put("sealed", SEALED)
                            .toString());
            assertThat(SealedFrames.approvalBoundText(SealedFrames.APPROVAL, "mch_1", "dev", "ses", id, SEALED))
                    .isEqualTo(tree("approval").put("machineId", "mch_1").put("deviceId", "dev").put("sessionId", "ses")
                            .put("approvalId", id).put("sealed", SEALED).toString());
        }
    }

    @Test
    void theTreesAreTheTextRead() {
        String id = "say \"hi\"\n";
        ObjectNode rpc = SealedFrames.rpc(id, "", "dev", "ses", SEALED);
        assertThat(rpc.path("id").asString()).isEqualTo(id);
        assertThat(rpc.has("machineId")).isFalse();
        assertThat(rpc.toString()).isEqualTo(SealedFrames.rpcText(id, "", "dev", "ses", SEALED));
        assertThat(SealedFrames.approvalBound(SealedFrames.APPROVAL_RESOLVED, "mch_1", "dev", "ses", "apv_1", SEALED).path("type").asString())
                .isEqualTo(SealedFrames.APPROVAL_RESOLVED);
    }

    private static ObjectNode tree(String type) {
        return WireJson.mapper().createObjectNode().put("type", type);
    }
}
