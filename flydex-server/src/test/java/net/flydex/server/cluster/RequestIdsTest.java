package net.flydex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
    private final RequestIds ids = new RequestIds("node-a");

    @Test
    void anRpcAndItsAnswerShareTheRelayId() {
        assertThat(ids.forFrame("{\"type\":\"rpc\",\"id\":\"rly_AbC-9\",\"method\":\"thread/list\",\"params\":{}}")).isEqualTo("rly_AbC-9");
        assertThat(ids.forFrame("{\"type\":\"result\",\"id\":\"rly_AbC-9\",\"result\":{}}")).isEqualTo("rly_AbC-9");
    }

    @Test
    void framesWithoutAnIdGetFreshOnesOfTheNode() {
        assertThat(ids.forFrame("{\"type\":\"event\",\"method\":\"turn/started\",\"params\":{}}")).isEqualTo("node-a-1");
        assertThat(ids.forFrame("not json")).isEqualTo("node-a-2");
    }

    @Test
    void anIdAHelperCouldAbuseIsNotTaken() {
        assertThat(ids.forFrame("{\"type\":\"result\",\"id\":\"" + "x".repeat(65) + "\"}")).isEqualTo("node-a-1");
        assertThat(ids.forFrame("{\"type\":\"result\",\"id\":\"rly_1\\nINFO forged line\"}")).isEqualTo("node-a-2");
        assertThat(ids.forFrame("{\"type\":\"result\",\"id\":7}")).isEqualTo("node-a-3");
    }
}
