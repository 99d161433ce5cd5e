package net.flydex.server.push;

import static net.flydex.protocol.ShortText.cut;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plaintext of each push (shape in {@code docs/api.md}): the clear fields the service worker
 * needs to say which machine it is about, and the helper's sealed copy of the content for the
 * subscription's device, which the server cannot read. It must fit RFC 8291's 4,096 bytes once
 * encrypted; the helper trims what it seals, and the machine name is cut here.
 */
final class PushPayloads {
    /** 4,096 bytes encrypted, less RFC 8291's header (86), the AEAD tag (16) and the padding delimiter (1). */
    static final int MAX_PLAINTEXT_BYTES = 4096 - 86 - 16 - 1;
    /** A lock screen shows one line of it; machine names are at most 64 characters anyway. */
    static final int MAX_MACHINE_NAME = 100;

    private PushPayloads() {}

    /**
     * {@code {type, machineId, machineName[, approvalId], deviceId[, sealed]}}. Should the whole not
     * fit (only a helper sealing more than the protocol allows could make it so), the sealed copy
     * is left out and the notification still says which machine it is about.
     *
     * @param approvalId for an approval or its resolution; a turn that ended names none
     * @param deviceId the subscription's device, "" when it named none
     * @param sealed the helper's one-shot message for that device, when it sealed one and details are shown
     */
    static byte[] notice(String kind, String machineId, String machineName, Optional<String> approvalId, String deviceId,
            Optional<String> sealed) {
        ObjectNode push = machine(kind, machineId, machineName);
        approvalId.ifPresent(id -> push.put("approvalId", id));
        push.put("deviceId", deviceId);
        sealed.ifPresent(text -> push.put("sealed", text));
        byte[] bytes = WireJson.mapper().writeValueAsBytes(push);
        if (bytes.length > MAX_PLAINTEXT_BYTES) {
            push.remove("sealed");
            bytes = WireJson.mapper().writeValueAsBytes(push);
        }
        return bytes;
    }

    /** {@code {type:"machineOffline", machineId, machineName}}: all the server knows, and all it says. */
    static byte[] machineOffline(String machineId, String machineName) {
        return WireJson.mapper().writeValueAsBytes(machine("machineOffline", machineId, machineName));
    }

    /** The {@code Topic} of an approval's pushes: stable per approval, revealing nothing of it to the push service. */
    static String topic(String approvalId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(approvalId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ObjectNode machine(String type, String machineId, String machineName) {
        return WireJson.mapper().createObjectNode().put("type", type).put("machineId", machineId)
                .put("machineName", cut(machineName, MAX_MACHINE_NAME));
    }
}
