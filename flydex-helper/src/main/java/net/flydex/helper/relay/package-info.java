/**
 * The helper's end of the relay, sealed end to end (docs/e2e.md, "Wiring"): hellos from trusted
 * devices open sessions; sealed rpcs arriving over {@code /ws/agent} are opened and run through
 * the Codex bridge (which enforces the allow-list and parameter policy on the opened method);
 * everything the bridge reports is sealed once per open session in {@code SealedFrames} shapes,
 * and each approval's notification content is sealed per trusted device. Clear rpcs are refused.
 * While the uplink is backed up, frames wait unsealed in a backlog that merges streamed deltas.
 */
package net.flydex.helper.relay;
