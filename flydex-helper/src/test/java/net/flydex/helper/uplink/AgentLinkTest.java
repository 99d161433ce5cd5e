package net.flydex.helper.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.flydex.helper.state.HelperState;
import net.flydex.protocol.CodexStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The link tells the server its end-to-end key after every welcome, tells the relay of each welcome and of what
 * the server sends, and leaves a server that went silent.
 */
class AgentLinkTest {
    /** Ten pings' worth at {@link #PING_EVERY}: a loaded machine may delay one, not ten. */
    private static final Duration SILENCE_LIMIT = Duration.ofSeconds(2);
    private static final Duration PING_EVERY = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @Test
    void everyWelcomeIsFollowedByTheHelperKeyAndToldToTheRelay() throws Exception {
        var relay = new RecordingRelay();
        try (var server = new FakeAgentServer();
                var link = new AgentLink(List.of(server.url()), "mch_1", HelperState.open(dir).identity(), "test", "BHelperKey",
                        () -> CodexStatus.READY, () -> { }, relay)) {
            link.start();

            assertThat(server.next().path("type").asString()).isEqualTo("hello");
            JsonNode key = server.next();
            assertThat(key.path("type").asString()).isEqualTo("helperKey");
            assertThat(key.path("publicKey").asString()).isEqualTo("BHelperKey");
            assertThat(relay.welcomes.get()).isEqualTo(1);
            assertThat(link.backedUp()).isFalse();

            server.send("{\"type\":\"e2e/closed\",\"deviceId\":\"d\",\"sessionId\":\"s\"}");
            await().until(() -> relay.messages.size() == 1);
            assertThat(relay.messages.getFirst().path("type").asString()).isEqualTo("e2e/closed");

            server.drop();
            assertThat(server.next().path("type").asString()).isEqualTo("hello");
            assertThat(server.next().path("type").asString()).isEqualTo("helperKey");
            assertThat(relay.welcomes.get()).isEqualTo(2);
        }
    }

    /** A dead link that never closes (a lost network, a frozen node) is noticed by its silence alone. */
    @Test
    void pingsKeepTheLinkAndASilentServerIsLeftForAFreshConnection() throws Exception {
        var relay = new RecordingRelay();
        try (var server = new FakeAgentServer();
                var link = new AgentLink(List.of(server.url()), "mch_1", HelperState.open(dir).identity(), "test", "BHelperKey",
                        () -> CodexStatus.READY, () -> { }, relay, SILENCE_LIMIT)) {
            link.start();
            assertThat(server.next().path("type").asString()).isEqualTo("hello");
            assertThat(server.next().path("type").asString()).isEqualTo("helperKey");

            for (long pinged = 0; pinged < 3 * SILENCE_LIMIT.toMillis(); pinged += PING_EVERY.toMillis()) {
                server.ping();
                Thread.sleep(PING_EVERY);
            }
            assertThat(relay.welcomes.get()).as("pinged for three silence limits").isEqualTo(1);
            assertThat(link.state()).isEqualTo(AgentLink.State.CONNECTED);

            // The server now says nothing and keeps the socket open: the helper must give up on it and dial again.
            assertThat(server.next().path("type").asString()).isEqualTo("hello");
            assertThat(server.next().path("type").asString()).isEqualTo("helperKey");
            assertThat(relay.welcomes.get()).isEqualTo(2);
        }
    }

    /** Counts welcomes and keeps what the server sent. */
    private static final class RecordingRelay implements LinkListener {
        final AtomicInteger welcomes = new AtomicInteger();
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();

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
    }
}
