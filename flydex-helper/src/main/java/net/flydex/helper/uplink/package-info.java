/**
 * The helper's link to the control plane, always dialled out (no inbound port): registering the
 * machine during local connect ({@link net.flydex.helper.uplink.ConnectFlow}), and the
 * {@code /ws/agent} WebSocket with its signed challenge, kept up with backoff
 * ({@link net.flydex.helper.uplink.AgentLink}).
 */
package net.flydex.helper.uplink;
