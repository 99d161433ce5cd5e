package net.flydex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import net.flydex.protocol.CodexStatus;
import net.flydex.server.machines.AgentConnections;
import net.flydex.testkit.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Presence as one node sees it, against a real Redis, with the other nodes played by the test. */
class ClusterPresenceTest {
    private TestRedis redis;
    private RedisLink link;
    private final List<String> published = new ArrayList<>();
    private final List<AgentConnections.Presence> told = new ArrayList<>();
    private ClusterPresence presence;

    @BeforeEach
    void start() {
        redis = TestRedis.start();
        link = RedisLink.connect(redis.url());
        presence = new ClusterPresence("node-a", link, new AgentConnections(), published::add, Clock.systemUTC());
        presence.onPresence(told::add);
    }

    @AfterEach
    void stop() {
        link.close();
        redis.close();
    }

    @Test
    void aNewerConnectionWinsAndStaleMessagesChangeNothing() {
        presence.received(online("node-b", 200));
        presence.received(online("node-c", 100));
        presence.received(offline("node-c", 100));

        assertThat(presence.nodeOf("acc_1", "mch_1")).contains("node-b");
        assertThat(presence.nodeOf("acc_2", "mch_1")).as("another account's machine reads as offline").isEmpty();

        presence.received(offline("node-b", 200));
        assertThat(presence.online("acc_1", "mch_1")).isEmpty();
        assertThat(told).extracting(AgentConnections.Presence::online).containsExactly(true, false);
    }

    @Test
    void aNodeThatDoesNotHoldAMachineCorrectsAStaleViewWhateverItsGeneration() {
        presence.received(online("node-b", 100));

        presence.received(new BusMessage.Presence("node-c", 1, "acc_1", "mch_1", false, CodexStatus.ERROR,
                BusMessage.Presence.ANY_GENERATION));
        presence.received(new BusMessage.Presence("node-b", 1, "acc_other", "mch_1", false, CodexStatus.ERROR,
                BusMessage.Presence.ANY_GENERATION));
        assertThat(presence.nodeOf("acc_1", "mch_1")).as("only the node named, for the machine's own account").contains("node-b");
        presence.received(new BusMessage.Presence("node-b", 1, "acc_1", "mch_1", false, CodexStatus.ERROR,
                BusMessage.Presence.ANY_GENERATION));

        assertThat(presence.nodeOf("acc_1", "mch_1")).isEmpty();
        assertThat(told).extracting(AgentConnections.Presence::online).containsExactly(true, false);
    }

    @Test
    void aMachineMovingBetweenNodesIsReportedOfflineThenOnline() {
        presence.received(online("node-b", 100));
        presence.received(online("node-c", 200));

        assertThat(presence.nodeOf("acc_1", "mch_1")).contains("node-c");
        assertThat(told).extracting(AgentConnections.Presence::online).containsExactly(true, false, true);
    }

    @Test
    void theMachinesOfANodeThatStopsBeatingGoOffline() {
        link.sync().set("flydex:node-alive:node-b", "1");
        presence.received(online("node-b", 100));

        presence.heartbeat();
        assertThat(presence.online("acc_1", "mch_1")).as("node-b is alive").isPresent();

        link.sync().del("flydex:node-alive:node-b");
        presence.heartbeat();
        assertThat(presence.online("acc_1", "mch_1")).as("one missed beat is not death").isPresent();
        presence.heartbeat();
        assertThat(presence.online("acc_1", "mch_1")).isEmpty();
        assertThat(told).extracting(AgentConnections.Presence::online).containsExactly(true, false);
    }

    @Test
    void aNodeStartingLaterReadsWhereMachinesAreAndIgnoresBrokenEntries() {
        link.sync().set("flydex:machine:mch_1", "{\"node\":\"node-b\",\"accountId\":\"acc_1\",\"generation\":5,\"codexStatus\":\"ready\"}");
        link.sync().set("flydex:machine:mch_2", "{not json");
        link.sync().set("flydex:machine:mch_3", "{\"node\":\"node-b\"}");

        presence.load();

        assertThat(presence.online("acc_1", "mch_1")).contains(CodexStatus.READY);
        assertThat(presence.size()).isEqualTo(1);
    }

    @Test
    void aHeartbeatRestoresThisNodesLivenessAfterRedisLostEverything() throws Exception {
        presence.heartbeat();
        redis.kill();
        redis.restart();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(link::isConnected);

        presence.heartbeat();

        assertThat(link.sync().exists("flydex:node-alive:node-a")).isEqualTo(1);
    }

    private static BusMessage.Presence online(String node, long generation) {
        return new BusMessage.Presence(node, 1, "acc_1", "mch_1", true, CodexStatus.READY, generation);
    }

    private static BusMessage.Presence offline(String node, long generation) {
        return new BusMessage.Presence(node, 1, "acc_1", "mch_1", false, CodexStatus.READY, generation);
    }
}
