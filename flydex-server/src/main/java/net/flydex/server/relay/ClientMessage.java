package net.flydex.server.relay;

import java.util.Optional;
import net.flydex.protocol.e2e.Introduction;
import tools.jackson.databind.node.ObjectNode;

/** What a browser sends on {@code /ws/client}, read by {@link ClientMessages#parse}. */
sealed interface ClientMessage {
    /** Call {@code method} on the machine; the answer comes back under the browser's {@code id}. */
    record Rpc(String id, String machineId, String method, ObjectNode params) implements ClientMessage {}

    /** Opens an end-to-end session with the machine's helper; the answer names it ({@code sessionId}, {@code reply}). */
    record Hello(String id, String machineId, String deviceId, String hello) implements ClientMessage {}

    /** An rpc sealed in a session this socket opened; its method and params are inside {@code sealed}. */
    record SealedRpc(String id, String machineId, String deviceId, String sessionId, String sealed) implements ClientMessage {}

    /** A device introducing itself to the machine's helper with an offer it read from the desktop's QR. */
    record Introduce(String id, String machineId, Introduction introduction) implements ClientMessage {}

    /**
     * Receive the machine's presence, events and approvals.
     *
     * @param id optional, echoed on an error so the browser knows which subscribe failed
     */
    record Subscribe(Optional<String> id, String machineId) implements ClientMessage {}

    record Unsubscribe(Optional<String> id, String machineId) implements ClientMessage {}

    /** Not a message the relay understands; answered {@code bad_request}, the socket stays open. */
    record Malformed(Optional<String> id, String reason) implements ClientMessage {}
}
