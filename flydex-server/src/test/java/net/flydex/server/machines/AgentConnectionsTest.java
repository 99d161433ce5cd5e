package net.flydex.server.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.CodexStatus;
import org.junit.jupiter.api.Test;

class AgentConnectionsTest {
    private final AgentConnections connections = new AgentConnections();
    private final List<AgentConnections.Presence> presence = new ArrayList<>();

    /** A socket that remembers what happened to it. */
    private static final class FakeSocket implements AgentConnection.Socket {
        final List<String> sent = new ArrayList<>();
        int closedWith;

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }
    }

    @Test
    void aMachineIsFoundOnlyWithinItsAccountAndReceivesFrames() {
        var socket = new FakeSocket();
        var connection = new AgentConnection("acc_a", "mch_1", CodexStatus.READY, socket);
        connections.attach(connection);
        connections.announceOnline(connection);

        connections.find("acc_a", "mch_1").orElseThrow().send("{\"type\":\"rpc\"}");

        assertThat(socket.sent).containsExactly("{\"type\":\"rpc\"}");
        assertThat(connections.find("acc_b", "mch_1")).isEmpty();
        assertThat(connections.find("acc_a", "mch_2")).isEmpty();
    }

    @Test
    void theNewestConnectionWinsAndTheOlderOnesCloseIsNotAnOfflineEvent() {
        connections.onPresence(presence::add);
        var older = new FakeSocket();
        var newer = new FakeSocket();
        var first = new AgentConnection("acc_a", "mch_1", CodexStatus.STARTING, older);
        connections.attach(first);
        connections.announceOnline(first);
        var newest = new AgentConnection("acc_a", "mch_1", CodexStatus.READY, newer);
        connections.attach(newest);
        connections.announceOnline(newest);
        connections.detach(first);

        assertThat(older.closedWith).isEqualTo(AgentClose.REPLACED);
        assertThat(connections.online("acc_a", "mch_1")).contains(CodexStatus.READY);
        assertThat(presence).extracting(AgentConnections.Presence::online).containsExactly(true, true);
    }

    @Test
    void presenceFollowsStatusChangesAndDisconnects() {
        connections.onPresence(presence::add);
        var socket = new FakeSocket();
        var connection = new AgentConnection("acc_a", "mch_1", CodexStatus.STARTING, socket);
        connections.attach(connection);
        connections.announceOnline(connection);
        connections.codexStatusChanged(connection, CodexStatus.READY);
        connections.disconnect("mch_1", AgentClose.UNAUTHORIZED, "revoked");
        connections.detach(connection);

        assertThat(socket.closedWith).isEqualTo(AgentClose.UNAUTHORIZED);
        assertThat(connections.online("acc_a", "mch_1")).isEmpty();
        assertThat(presence).containsExactly(
                new AgentConnections.Presence("acc_a", "mch_1", true, CodexStatus.STARTING),
                new AgentConnections.Presence("acc_a", "mch_1", true, CodexStatus.READY),
                new AgentConnections.Presence("acc_a", "mch_1", false, CodexStatus.READY));
    }
}
