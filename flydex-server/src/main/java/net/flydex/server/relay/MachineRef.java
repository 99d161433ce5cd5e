package net.flydex.server.relay;

/** A machine as the relay routes by it: always together with its account, so nothing crosses accounts. */
public record MachineRef(String accountId, String machineId) {}
