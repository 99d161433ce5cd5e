package net.flydex.protocol.e2e;

/**
 * The clear fields the server routes a message by, all bound into the message's associated data,
 * so a server that changes any of them makes the message fail to open.
 *
 * @param machineId the machine (server-assigned id)
 * @param deviceId  the device ({@link P256#deviceId})
 * @param type      the message type the server sees ("rpc", "result", "event", "approval", "decision", ...)
 * @param ref       the approval id for approval-bound messages, else "" (rpc ids travel inside the
 *                  sealed payload: the relay renames them on the way)
 */
public record Envelope(String machineId, String deviceId, String type, String ref) {}
