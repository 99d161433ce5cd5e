package net.flydex.server.push;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import net.flydex.protocol.SealedFrames;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.relay.MachineRef;
import tools.jackson.databind.JsonNode;

/**
 * A helper's {@code push} frame ({@link SealedFrames#push}), checked: it names the helper's own
 * machine, a known kind, an approval id, and at most {@link SealedFrames#MAX_PUSH_DEVICES} sealed
 * copies keyed by well-formed device ids. A copy of the wrong shape is left out (that device then
 * hears only which machine is waiting); anything else wrong drops the frame.
 *
 * @param sealedByDevice one-shot messages the helper sealed, by device id
 */
record HelperPush(String kind, String approvalId, Map<String, String> sealedByDevice) {
    /** Ids FlyDex and Codex mint; anything else names no approval (it becomes a push topic's input and a route). */
    private static final Pattern APPROVAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    static Optional<HelperPush> read(MachineRef machine, JsonNode frame) {
        String kind = frame.path("kind").asString("");
        String approvalId = frame.path("approvalId").asString("");
        JsonNode sealed = frame.path("sealed");
        if (!machine.machineId().equals(frame.path("machineId").asString("")) || !APPROVAL_ID.matcher(approvalId).matches()
                || !(kind.equals(SealedFrames.PUSH_APPROVAL) || kind.equals(SealedFrames.PUSH_RESOLVED))
                || !sealed.isObject() || sealed.size() > SealedFrames.MAX_PUSH_DEVICES) {
            return Optional.empty();
        }
        Map<String, String> copies = new HashMap<>();
        sealed.properties().forEach(entry -> {
            if (E2eFields.deviceId(entry.getKey()) && entry.getValue().isString()
                    && E2eFields.oneShot(entry.getValue().asString(), E2eFields.MAX_ONE_SHOT_PUSH_CHARS)) {
                copies.put(entry.getKey(), entry.getValue().asString());
            }
        });
        return Optional.of(new HelperPush(kind, approvalId, Map.copyOf(copies)));
    }

    /** The copy for a subscription's device, if it named one and the helper sealed one for it. */
    Optional<String> sealedFor(Optional<String> deviceId) {
        return deviceId.map(sealedByDevice::get);
    }
}
