package net.flydex.helper.uplink;

import java.util.Optional;
import net.flydex.helper.state.MachineIdentity;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The helper's side of the {@code /ws/agent} handshake, shared by the kept-up link ({@link AgentLink})
 * and the one-off self-revoke ({@link SelfRevoke}): the server's frames read as JSON, and the hello
 * that answers a challenge, signed with this machine's key over the socket's nonce.
 */
record Greeting(String machineId, MachineIdentity identity, String helperVersion) {
    /** A frame from the server; empty when it is not JSON (ignored: the server never sends such). */
    static Optional<JsonNode> read(String text) {
        try {
            return Optional.of(WireJson.mapper().readTree(text));
        } catch (JacksonException malformed) {
            return Optional.empty();
        }
    }

    /** {@code {"type":"helperKey","publicKey"}}: the helper's end-to-end key, sent after every welcome. */
    static String helperKey(String publicKey) {
        return WireJson.mapper().writeValueAsString(new AgentMessage.HelperKey(publicKey));
    }

    /** The signed hello for a {@code challenge} frame, reporting Codex as {@code codexStatus}. */
    String hello(JsonNode challenge, CodexStatus codexStatus) {
        return WireJson.mapper().writeValueAsString(new AgentMessage.Hello(machineId,
                identity.signChallenge(machineId, challenge.path("nonce").asString("")), helperVersion, codexStatus));
    }
}
