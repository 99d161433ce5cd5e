package net.flydex.server.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.storage.Database;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A node that stops with helpers connected closes their sockets before its database. */
@ParameterizedClass
@EnumSource(Backend.class)
class NodeStopTest {
    @Parameter
    Backend backend;

    private ServerHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void everyHelpersLastSeenTimeIsTheMomentTheNodeStopped() throws Exception {
        harness = backend.start();
        ApiClient ada = harness.signedUpBrowser("ada@example.com");
        // Several helpers: Jetty runs their close handlers while its connector shuts down, some after stop() returned.
        Map<String, AgentSocketClient> helpers = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            var agent = new TestAgent(harness);
            String machineId = agent.pairWith(ada);
            helpers.put(machineId, agent.connect(machineId));
        }
        for (AgentSocketClient socket : helpers.values()) {
            assertThat(socket.next().path("type").asString()).isEqualTo("welcome");
        }
        harness.clock.advance(Duration.ofHours(2));
        Instant stoppedAt = harness.clock.instant().truncatedTo(ChronoUnit.MILLIS);

        harness.server.close();

        try (Database reopened = harness.reopenDatabase()) {
            for (String machineId : helpers.keySet()) {
                long lastSeen = reopened.jdbi().withHandle(h -> h.createQuery("SELECT last_seen_at FROM machines WHERE id = :id")
                        .bind("id", machineId).mapTo(Long.class).one());
                assertThat(Instant.ofEpochMilli(lastSeen)).as(machineId).isEqualTo(stoppedAt);
            }
        }
        helpers.values().forEach(AgentSocketClient::close);
    }
}
