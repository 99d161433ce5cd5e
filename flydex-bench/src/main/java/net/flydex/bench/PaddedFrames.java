package net.flydex.bench;

import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.E2eLimits;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The relay bench's frame-length control ({@code --frame-control}): a clear {@code approvals/list}
 * whose frames are padded to exactly the lengths of the sealed ones, on all four hops, with no
 * sealing. Set between the clear and the sealed simulated paths it splits what sealing adds into
 * what the longer frames cost (sockets, UTF-8 coding, JSON, copies) and what the work of sealing
 * costs (seal, open, base64url, the plaintext's JSON). The pad is a string of one base64url
 * character, the shape of a sealed field.
 *
 * @param rpcPad characters of the {@code params.pad} string that make the clear rpc as long as the sealed one
 * @param answerPad characters of the {@code result.pad} string that make the clear answer as long as the sealed one
 */
record PaddedFrames(int rpcPad, int answerPad) {
    /** Where the pad goes: {@code params.pad} in the rpc, {@code result.pad} in its answer. */
    static final String FIELD = "pad";
    /** A device id and a session id are this long on the wire ({@link SealedFrames}). */
    private static final String DEVICE_ID = "A".repeat(SealedFrames.DEVICE_ID_CHARS);
    private static final String SESSION_ID = "A".repeat(SealedFrames.SESSION_ID_CHARS);

    /** The pads for round trip ids of {@code id}'s length and {@code machineId}, the answer being {@code result}. */
    static PaddedFrames of(String id, String machineId, String relayId, JsonNode result) {
        ObjectNode params = WireJson.mapper().createObjectNode();
        ObjectNode rpcPlaintext = WireJson.mapper().createObjectNode().put("id", id).put("method", RpcMethods.APPROVALS_LIST);
        rpcPlaintext.set("params", params);
        String sealedRpc = SealedFrames.rpcText(id, machineId, DEVICE_ID, SESSION_ID, sealed(rpcPlaintext));
        String clearRpc = RelayLatency.frame(machineId, 0);
        ObjectNode answerPlaintext = WireJson.mapper().createObjectNode().put("id", id);
        answerPlaintext.set("result", result);
        String sealedAnswer = SealedFrames.resultText(relayId, DEVICE_ID, SESSION_ID, sealed(answerPlaintext));
        String clearAnswer = RelayFrames.result(relayId, result).toString();
        // {} becomes {"pad":"…"}: 8 characters besides the pad; {"approvals":[]} gains ,"pad":"…": 9.
        return new PaddedFrames(sealedRpc.length() - clearRpc.length() - 8, sealedAnswer.length() - clearAnswer.length() - 9);
    }

    /** The rpc's params, padded. */
    ObjectNode params() {
        return WireJson.mapper().createObjectNode().put(FIELD, "A".repeat(rpcPad));
    }

    /** {@code result} with its pad, when the rpc carried one; else as it is. */
    JsonNode answer(JsonNode rpcParams, JsonNode result) {
        return rpcParams.has(FIELD) ? ((ObjectNode) result.deepCopy()).put(FIELD, "A".repeat(answerPad)) : result;
    }

    /** Characters of a session frame sealing {@code plaintext}: header, ciphertext and tag, in unpadded base64url. */
    private static String sealed(JsonNode plaintext) {
        int bytes = E2eLimits.FRAME_HEADER_BYTES + WireJson.mapper().writeValueAsBytes(plaintext).length + E2eLimits.TAG_BYTES;
        return "A".repeat((bytes * 4 + 2) / 3);
    }
}
