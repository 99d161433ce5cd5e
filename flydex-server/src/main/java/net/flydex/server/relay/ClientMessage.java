package net.flydex.server.relay;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** What a browser sends on {@code /ws/client}, read by {@link ClientMessages#parse}. */
sealed interface ClientMessage {
    /** Call {@code method} on the machine; the answer comes back under the browser's {@code id}. */
    record Rpc(String id, String machineId, String method, ObjectNode params) implements ClientMessage {}

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
