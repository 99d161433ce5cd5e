/**
 * The machine registry and the helper's WebSocket. A machine is an Ed25519 key bound to one
 * account ({@link net.flydex.server.machines.Machines}); its helper proves possession on every
 * connection by signing a fresh server nonce ({@link net.flydex.server.machines.AgentEndpoint}).
 * {@link net.flydex.server.machines.AgentConnections} is how the relay reaches a connected helper.
 */
package net.flydex.server.machines;
