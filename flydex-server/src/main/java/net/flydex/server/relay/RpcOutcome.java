package net.flydex.server.relay;

import net.flydex.protocol.RpcError;
import tools.jackson.databind.JsonNode;

/** How an rpc the relay sent for an HTTP route ended: the helper's result, or an error (the helper's, or the relay's own). */
public sealed interface RpcOutcome {
    record Result(JsonNode result) implements RpcOutcome {}

    record Failed(RpcError error) implements RpcOutcome {}
}
