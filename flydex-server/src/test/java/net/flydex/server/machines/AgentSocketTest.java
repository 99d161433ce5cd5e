package net.flydex.server.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.Limits;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AgentSocketTest {
    private ServerHarness harness;
    private ApiClient ada;
    private TestAgent agent;
    private String machineId;

    @BeforeEach
    void start() throws Exception {
        harness = ServerHarness.sqlite();
        ada = harness.signedUpBrowser("ada@example.com");
        agent = new TestAgent(harness);
        machineId = agent.pairWith(ada);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aSignedHelloIsWelcomedAndTheMachineIsOnlineUntilItLeaves() throws Exception {
        AgentSocketClient socket = AgentSocketClient.open(harness.url());
        String nonce = socket.challengeNonce();
        assertThat(Base64.getDecoder().decode(nonce)).hasSize(32);

        socket.send(agent.hello(machineId, nonce));

        assertThat(socket.next().path("type").asString()).isEqualTo("welcome");
        JsonNode listed = machine();
        assertThat(listed.path("online").asBoolean()).isTrue();
        assertThat(listed.path("codexStatus").asString()).isEqualTo("ready");
        assertThat(listed.has("lastSeenAt")).isTrue();

        socket.send(new AgentMessage.Status(CodexStatus.ERROR));
        await().atMost(Duration.ofSeconds(5)).until(() -> "error".equals(machine().path("codexStatus").asString()));

        socket.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !machine().path("online").asBoolean());
    }

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        TestAgent impostor = new TestAgent(harness);
        try (AgentSocketClient socket = AgentSocketClient.open(harness.url())) {
            socket.send(impostor.hello(machineId, socket.challengeNonce()));
            assertThat(socket.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
        }
        assertThat(machine().path("online").asBoolean()).isFalse();
    }

    @Test
    void aHelloSignedForAnotherSocketsNonceIsRefused() throws Exception {
        String recordedNonce;
        AgentMessage.Hello recorded;
        try (AgentSocketClient first = AgentSocketClient.open(harness.url())) {
            recordedNonce = first.challengeNonce();
            recorded = agent.hello(machineId, recordedNonce);
            first.send(recorded);
            assertThat(first.next().path("type").asString()).isEqualTo("welcome");
        }
        try (AgentSocketClient replay = AgentSocketClient.open(harness.url())) {
            assertThat(replay.challengeNonce()).isNotEqualTo(recordedNonce);
            replay.send(recorded);
            assertThat(replay.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
        }
    }

    @Test
    void unknownMachinesAndMalformedHellosAreRefused() throws Exception {
        try (AgentSocketClient socket = AgentSocketClient.open(harness.url())) {
            socket.send(agent.hello("mch_nobody", socket.challengeNonce()));
            assertThat(socket.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
        }
        for (String bad : new String[] {"not json", "{\"type\":\"hello\"}", "{\"type\":\"status\",\"codexStatus\":\"ready\"}",
                "{\"type\":\"shell\",\"command\":\"rm -rf /\"}", "[".repeat(500)}) {
            try (AgentSocketClient socket = AgentSocketClient.open(harness.url())) {
                socket.challengeNonce();
                socket.send(bad);
                assertThat(socket.awaitClose()).as(bad).isEqualTo(AgentClose.BAD_HELLO);
            }
        }
    }

    @Test
    void aMachineWhoseLocalConnectIsNotFinalizedMustWait() throws Exception {
        TestAgent newcomer = new TestAgent(harness);
        String token = ada.post("/api/local-connect/start", "{}").body().path("connectToken").asString();
        String pending = newcomer.register(token).body().path("machineId").asString();

        try (AgentSocketClient socket = newcomer.connect(pending)) {
            assertThat(socket.awaitClose()).isEqualTo(AgentClose.NOT_FINALIZED);
        }
        assertThat(ada.get("/api/machines").body().path("machines").size()).as("not listed before the finalize").isEqualTo(1);
    }

    @Test
    void revokingClosesTheSocketAtOnceAndRefusesEveryLaterHello() throws Exception {
        AgentSocketClient socket = agent.connect(machineId);
        assertThat(socket.next().path("type").asString()).isEqualTo("welcome");

        assertThat(ada.delete("/api/machines/" + machineId).status()).isEqualTo(204);

        assertThat(socket.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
        try (AgentSocketClient again = agent.connect(machineId)) {
            assertThat(again.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
        }
    }

    @Test
    void aWelcomedHelperCanRevokeItsOwnMachine() throws Exception {
        AgentSocketClient socket = agent.connect(machineId);
        assertThat(socket.next().path("type").asString()).isEqualTo("welcome");

        socket.send(new AgentMessage.Revoke());

        assertThat(socket.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
        assertThat(ada.get("/api/machines").body().path("machines")).isEmpty();
        try (AgentSocketClient again = agent.connect(machineId)) {
            assertThat(again.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
        }
        var rows = harness.server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT machine_id FROM audit_events WHERE kind = 'MACHINE_SELF_REVOKED'").mapTo(String.class).list());
        assertThat(rows).containsExactly(machineId);
    }

    @Test
    void aRevokeInsteadOfAHelloRevokesNothing() throws Exception {
        try (AgentSocketClient socket = AgentSocketClient.open(harness.url())) {
            socket.challengeNonce();
            socket.send("{\"type\":\"revoke\",\"machineId\":\"" + machineId + "\"}");
            assertThat(socket.awaitClose()).isEqualTo(AgentClose.BAD_HELLO);
        }
        assertThat(machine().path("id").asString()).isEqualTo(machineId);
    }

    @Test
    void aForgedHelloFollowedByARevokeRevokesNothing() throws Exception {
        try (AgentSocketClient socket = AgentSocketClient.open(harness.url())) {
            socket.send(new TestAgent(harness).hello(machineId, socket.challengeNonce()));
            try {
                socket.send(new AgentMessage.Revoke());
            } catch (CompletionException hungUpFirst) {
                // The server refused the hello before the revoke went out: the revoke reached nothing either.
            }
            assertThat(socket.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
        }
        assertThat(machine().path("id").asString()).isEqualTo(machineId);
    }

    @Test
    void anotherMachineCanRevokeOnlyItselfWhateverItNames() throws Exception {
        ApiClient bob = harness.signedUpBrowser("bob@example.com");
        TestAgent bobsAgent = new TestAgent(harness);
        String bobsMachine = bobsAgent.pairWith(bob);
        AgentSocketClient bobs = bobsAgent.connect(bobsMachine);
        assertThat(bobs.next().path("type").asString()).isEqualTo("welcome");

        bobs.send("{\"type\":\"revoke\",\"machineId\":\"" + machineId + "\"}");

        assertThat(bobs.awaitClose()).isEqualTo(AgentClose.UNAUTHORIZED);
        assertThat(bob.get("/api/machines").body().path("machines")).isEmpty();
        assertThat(machine().path("id").asString()).as("Ada's machine untouched").isEqualTo(machineId);
        AgentSocketClient adas = agent.connect(machineId);
        assertThat(adas.next().path("type").asString()).isEqualTo("welcome");
        adas.close();
    }

    @Test
    void aSecondConnectionOfTheMachineReplacesTheFirst() throws Exception {
        AgentSocketClient older = agent.connect(machineId);
        assertThat(older.next().path("type").asString()).isEqualTo("welcome");
        AgentSocketClient newer = agent.connect(machineId);
        assertThat(newer.next().path("type").asString()).isEqualTo("welcome");

        assertThat(older.awaitClose()).isEqualTo(AgentClose.REPLACED);
        Thread.sleep(200);
        assertThat(newer.isClosed()).isFalse();
        assertThat(machine().path("online").asBoolean()).as("the older one's close is not an offline").isTrue();
        newer.close();
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() throws Exception {
        try (AgentSocketClient socket = agent.connect(machineId)) {
            assertThat(socket.next().path("type").asString()).isEqualTo("welcome");
            socket.send("{\"type\":\"status\",\"pad\":\"" + "x".repeat(Limits.MAX_FRAME_BYTES) + "\"}");
            assertThat(socket.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void aSocketThatNeverSaysHelloIsClosed() throws Exception {
        try (AgentSocketClient socket = AgentSocketClient.open(harness.url())) {
            socket.challengeNonce();
            Thread.sleep(AgentEndpoint.HELLO_TIMEOUT.toMillis());
            assertThat(socket.awaitClose()).isEqualTo(AgentClose.HELLO_TIMEOUT);
        }
    }

    @Test
    void refusalsOfAKnownMachineAreAuditedWithIdsOnly() throws Exception {
        try (AgentSocketClient socket = AgentSocketClient.open(harness.url())) {
            socket.send(new TestAgent(harness).hello(machineId, socket.challengeNonce()));
            socket.awaitClose();
        }
        var rows = harness.server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT machine_id, session_id, subject_id FROM audit_events WHERE kind = 'AGENT_REFUSED'").mapToMap().list());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("machine_id", machineId);
    }

    private JsonNode machine() {
        JsonNode machines = ada.get("/api/machines").body().path("machines");
        assertThat(machines.size()).isEqualTo(1);
        return machines.get(0);
    }
}
