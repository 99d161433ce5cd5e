package net.flydex.helper.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.flydex.helper.state.HelperState;
import net.flydex.protocol.CodexStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The link tells the server its end-to-end key after every welcome, and the relay of each welcome and of what the server sends. */
class AgentLinkTest {
    @TempDir
    Path dir;

    @Test
    void everyWelcomeIsFollowedByTheHelperKeyAndToldToTheRelay() throws Exception {
        var welcomes = new AtomicInteger();
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        var listener = new LinkListener() {
            @Override
            public void onServerMessage(JsonNode message) {
                messages.add(message);
            }

            @Override
            public void onWelcome() {
                welcomes.incrementAndGet();
            }

            @Override
            public void onDrained() {
            }
        };
        try (var server = new FakeAgentServer();
                var link = new AgentLink(List.of(server.url()), "mch_1", HelperState.open(dir).identity(), "test", "BHelperKey",
                        () -> CodexStatus.READY, () -> { }, listener)) {
            link.start();

            assertThat(server.next().path("type").asString()).isEqualTo("hello");
            JsonNode key = server.next();
            assertThat(key.path("type").asString()).isEqualTo("helperKey");
            assertThat(key.path("publicKey").asString()).isEqualTo("BHelperKey");
            assertThat(welcomes.get()).isEqualTo(1);
            assertThat(link.backedUp()).isFalse();

            server.send("{\"type\":\"e2e/closed\",\"deviceId\":\"d\",\"sessionId\":\"s\"}");
            await().until(() -> messages.size() == 1);
            assertThat(messages.getFirst().path("type").asString()).isEqualTo("e2e/closed");

            server.drop();
            assertThat(server.next().path("type").asString()).isEqualTo("hello");
            assertThat(server.next().path("type").asString()).isEqualTo("helperKey");
            assertThat(welcomes.get()).isEqualTo(2);
        }
    }
}
