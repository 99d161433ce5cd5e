package net.flydex.server.push;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.flydex.protocol.SealedFrames;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.relay.MachineRef;
import tools.jackson.databind.JsonNode;

/**
 * A helper's {@code push} frame ({@link SealedFrames#push}), checked: it names the helper's own
 * machine, a known kind, an approval id exactly when the kind is about an approval, and at most
 * {@link SealedFrames#MAX_PUSH_DEVICES} sealed copies keyed by well-formed device ids - none for
 * the busy and idle edges, which carry nothing. A copy of the wrong shape is left out (that device
 * then hears only which machine it is about); anything else wrong drops the frame.
 *
 * @param approvalId present for {@link SealedFrames#PUSH_APPROVAL} and {@link SealedFrames#PUSH_RESOLVED} only
 * @param sealedByDevice one-shot messages the helper sealed, by device id
 */
record HelperPush(String kind, Optional<String> approvalId, Map<String, String> sealedByDevice) {
    /** Ids FlyDex and Codex mint; anything else names no approval (it becomes a push topic's input and a route). */
    private static final Pattern APPROVAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Set<String> ABOUT_AN_APPROVAL = Set.of(SealedFrames.PUSH_APPROVAL, SealedFrames.PUSH_RESOLVED);
    private static final Set<String> WITHOUT_CONTENT = Set.of(SealedFrames.PUSH_TURNS_RUNNING, SealedFrames.PUSH_TURNS_IDLE);

    static Optional<HelperPush> read(MachineRef machine, JsonNode frame) {
        String kind = frame.path("kind").asString("");
        JsonNode approvalId = frame.path("approvalId");
        JsonNode sealed = frame.path("sealed");
        boolean known = ABOUT_AN_APPROVAL.contains(kind) || WITHOUT_CONTENT.contains(kind) || kind.equals(SealedFrames.PUSH_TURN_ENDED);
        boolean approvalIdFits = ABOUT_AN_APPROVAL.contains(kind)
                ? approvalId.isString() && APPROVAL_ID.matcher(approvalId.asString()).matches()
                : approvalId.isMissingNode();
        if (!machine.machineId().equals(frame.path("machineId").asString("")) || !known || !approvalIdFits || !sealed.isObject()
                || sealed.size() > (WITHOUT_CONTENT.contains(kind) ? 0 : SealedFrames.MAX_PUSH_DEVICES)) {
            return Optional.empty();
        }
        Map<String, String> copies = new HashMap<>();
        sealed.properties().forEach(entry -> {
            if (E2eFields.deviceId(entry.getKey()) && entry.getValue().isString()
                    && E2eFields.oneShot(entry.getValue().asString(), E2eFields.MAX_ONE_SHOT_PUSH_CHARS)) {
                copies.put(entry.getKey(), entry.getValue().asString());
            }
        });
        return Optional.of(new HelperPush(kind, ABOUT_AN_APPROVAL.contains(kind) ? Optional.of(approvalId.asString()) : Optional.empty(),
                Map.copyOf(copies)));
    }

    /** The copy for a subscription's device, if it named one and the helper sealed one for it. */
    Optional<String> sealedFor(Optional<String> deviceId) {
        return deviceId.map(sealedByDevice::get);
    }
}
