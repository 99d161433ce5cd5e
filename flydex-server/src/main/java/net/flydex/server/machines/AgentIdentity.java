package net.flydex.server.machines;

/**
 * What a hello is checked against: the machine's key and owner.
 *
 * @param finalized false while a first-time machine waits for its local connect to be finalized
 */
record AgentIdentity(String machineId, String accountId, MachineKey key, boolean finalized) {}
