package net.flydex.helper.relay;

import java.util.Optional;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An rpc as a device sealed it: {@code {"id","method","params"}}, where {@code id} is the device's
 * own (the relay renames the clear one) and comes back in the sealed answer.
 */
record SealedRpc(JsonNode id, String method, JsonNode params) {
    /** The opened plaintext as an rpc; empty when it is not one (the device gets a sealed bad_request). */
    static Optional<SealedRpc> parse(byte[] plaintext) {
        try {
            JsonNode rpc = WireJson.mapper().readTree(plaintext);
            JsonNode id = rpc.path("id");
            if (!rpc.isObject() || !(id.isString() || id.isIntegralNumber()) || !rpc.path("method").isString()) {
                return Optional.empty();
            }
            JsonNode params = rpc.path("params");
            return Optional.of(new SealedRpc(id, rpc.path("method").asString(),
                    params.isMissingNode() || params.isNull() ? WireJson.mapper().createObjectNode() : params));
        } catch (JacksonException malformed) {
            return Optional.empty();
        }
    }

    /** The device's id from a plaintext that did not parse as an rpc, if it has one, so its answer can name it. */
    static JsonNode idOf(byte[] plaintext) {
        try {
            JsonNode id = WireJson.mapper().readTree(plaintext).path("id");
            return id.isString() || id.isIntegralNumber() ? id : WireJson.mapper().nullNode();
        } catch (JacksonException malformed) {
            return WireJson.mapper().nullNode();
        }
    }

    /** {@code {"id","result"}} */
    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode answer = WireJson.mapper().createObjectNode().set("id", id);
        answer.set("result", result);
        return answer;
    }

    /** {@code {"id","error":{"code","message"}}} */
    static ObjectNode error(JsonNode id, net.flydex.protocol.RpcError error) {
        ObjectNode answer = WireJson.mapper().createObjectNode().set("id", id);
        answer.putObject("error").put("code", error.code().wire()).put("message", error.message());
        return answer;
    }
}
