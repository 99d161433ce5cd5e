package net.flydex.helper.bridge;

import java.util.Optional;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalResolution;
import net.flydex.protocol.CodexStatus;
import tools.jackson.databind.JsonNode;

/** What the bridge tells the rest of the helper (and, through the relay, every browser). */
public sealed interface BridgeEvent {

    /** A Codex notification, passed on as it came. */
    record CodexNotification(String method, JsonNode params) implements BridgeEvent {}

    record ApprovalRequested(Approval approval) implements BridgeEvent {}

    record ApprovalResolved(ApprovalResolution resolution) implements BridgeEvent {}

    /** @param message for a person: why Codex is missing or failed; never content */
    record StatusChanged(CodexStatus status, Optional<String> message) implements BridgeEvent {}
}
