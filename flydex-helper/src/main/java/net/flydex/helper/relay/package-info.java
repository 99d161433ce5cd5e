/**
 * The helper's end of the relay: rpcs arriving over {@code /ws/agent} are run through the Codex
 * bridge (which enforces the allow-list), and everything the bridge reports goes back to the
 * server in the browser's own frame shapes ({@code RelayFrames}), tagged with this machine's id.
 */
package net.flydex.helper.relay;
