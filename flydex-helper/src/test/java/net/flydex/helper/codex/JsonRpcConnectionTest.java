package net.flydex.helper.codex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Request tracking over a real child process that never answers (a hung app-server) and one that
 * exits at once (a crashed one).
 */
class JsonRpcConnectionTest {
    private static final JsonRpcConnection.Handler IGNORE = new JsonRpcConnection.Handler() {
        @Override
        public void onNotification(String method, JsonNode params) {}

        @Override
        public void onServerRequest(JsonNode id, String method, JsonNode params) {}

        @Override
        public void onClosed(String reason) {}
    };

    @Test
    void aHungRequestTimesOutWithAClearError() throws Exception {
        var rpc = new JsonRpcConnection(IGNORE, Duration.ofMillis(300));
        StdioTransport silent = StdioTransport.start(List.of("sleep", "30"), Map.of(), rpc);
        rpc.bind(silent);
        try {
            assertThatThrownBy(() -> rpc.request("thread/list", WireJson.mapper().createObjectNode()).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CODEX_TIMEOUT);
                        assertThat(e.getMessage()).contains("thread/list");
                    });
        } finally {
            silent.close();
        }
    }

    @Test
    void pendingRequestsFailWhenTheProcessExits() throws Exception {
        var rpc = new JsonRpcConnection(IGNORE, Duration.ofSeconds(10));
        StdioTransport dying = StdioTransport.start(List.of("sh", "-c", "read line; exit 3"), Map.of(), rpc);
        rpc.bind(dying);

        assertThatThrownBy(() -> rpc.request("thread/list", WireJson.mapper().createObjectNode()).get())
                .cause().isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CODEX_UNAVAILABLE));
        assertThat(rpc.closed().get()).isEqualTo("codex app-server exited with code 3");
    }

    /** A connection that notes each notification and each request of Codex's own in {@code seen}. */
    private static JsonRpcConnection recording(java.util.List<String> seen) {
        return new JsonRpcConnection(new JsonRpcConnection.Handler() {
            @Override
            public void onNotification(String method, JsonNode params) {
                seen.add("notification " + method);
            }

            @Override
            public void onServerRequest(JsonNode id, String method, JsonNode params) {
                seen.add("request " + id + " " + method);
            }

            @Override
            public void onClosed(String reason) {}
        }, Duration.ofSeconds(5));
    }

    @Test
    void responsesServerRequestsAndNotificationsAreToldApart() throws Exception {
        var seen = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var rpc = recording(seen);
        String script = "read line; echo 'not json'; echo '{\"method\":\"warning\",\"params\":{}}';"
                + " echo '{\"id\":0,\"method\":\"item/tool/requestUserInput\",\"params\":{}}';"
                + " echo '{\"id\":1,\"result\":{\"ok\":true}}'; sleep 5";
        StdioTransport peer = StdioTransport.start(List.of("sh", "-c", script), Map.of(), rpc);
        rpc.bind(peer);
        try {
            assertThat(rpc.request("initialize", WireJson.mapper().createObjectNode()).get().path("ok").asBoolean()).isTrue();
            assertThat(seen).containsExactly("notification warning", "request 0 item/tool/requestUserInput");
        } finally {
            peer.close();
        }
    }

    @Test
    void aRequestWithParamsWrittenByHandIsSentAsJacksonWouldSendIt() throws Exception {
        var rpc = new JsonRpcConnection(IGNORE, Duration.ofSeconds(5));
        String expected = WireJson.mapper().createObjectNode().put("id", 1).put("method", "initialize")
                .set("params", WireJson.mapper().createObjectNode().put("a", "b\"c")).toString();
        // The peer answers only the exact line it expects.
        String script = "read -r line; [ \"$line\" = '" + expected + "' ] && echo '{\"id\":1,\"result\":{\"ok\":true}}'; sleep 5";
        StdioTransport peer = StdioTransport.start(List.of("sh", "-c", script), Map.of(), rpc);
        rpc.bind(peer);
        try {
            assertThat(rpc.request("initialize", "{\"a\":\"b\\\"c\"}").get().path("ok").asBoolean()).isTrue();
        } finally {
            peer.close();
        }
    }

    @Test
    void anAnswerWantedAsALineIsToldFromARequestOfCodexsOwnWithTheSameId() throws Exception {
        var seen = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var rpc = recording(seen);
        // Codex's own request numbered 1 comes first; only the line with a result answers ours.
        String script = "read line; echo '{\"id\":1,\"method\":\"item/tool/requestUserInput\",\"params\":{}}';"
                + " echo '{\"id\":1,\"result\":{\"userAgent\":\"flydex/0.171.0 (Debian 12; x86_64)\"}}';"
                + " echo '{\"method\":\"configWarning\",\"params\":{}}'; sleep 5";
        StdioTransport peer = StdioTransport.start(List.of("sh", "-c", script), Map.of(), rpc);
        rpc.bind(peer);
        try {
            assertThat(rpc.requestAnswerLine("initialize", "{}").get())
                    .isEqualTo("{\"id\":1,\"result\":{\"userAgent\":\"flydex/0.171.0 (Debian 12; x86_64)\"}}");
            // The notification after the answer is still Codex's own: it arrives, after the request, on its own time.
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
            assertThat(seen).containsExactly("request 1 item/tool/requestUserInput", "notification configWarning");
        } finally {
            peer.close();
        }
    }

    @Test
    void anAnswerWrittenInAnotherOrderStillAnswersALineRequest() throws Exception {
        var rpc = new JsonRpcConnection(IGNORE, Duration.ofSeconds(5));
        String script = "read line; echo '{\"result\":{\"userAgent\":\"x/1.2.3\"},\"id\":1}'; sleep 5";
        StdioTransport peer = StdioTransport.start(List.of("sh", "-c", script), Map.of(), rpc);
        rpc.bind(peer);
        try {
            String line = rpc.requestAnswerLine("initialize", "{}").get();
            assertThat(WireJson.mapper().readTree(line).path("result").path("userAgent").asString()).isEqualTo("x/1.2.3");
        } finally {
            peer.close();
        }
    }

    @Test
    void aLineRequestFailsWhenTheProcessExits() throws Exception {
        var rpc = new JsonRpcConnection(IGNORE, Duration.ofSeconds(10));
        StdioTransport dying = StdioTransport.start(List.of("sh", "-c", "read line; exit 3"), Map.of(), rpc);
        rpc.bind(dying);

        assertThatThrownBy(() -> rpc.requestAnswerLine("initialize", "{}").get())
                .cause().isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CODEX_UNAVAILABLE));
    }
}
