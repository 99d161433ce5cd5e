/**
 * The Codex bridge: keeps one live {@link net.flydex.helper.codex.CodexSession} (attached to the
 * shared daemon, or a private app-server), restarts it with backoff, enforces the method
 * allow-list and parameter policy, subscribes to the threads a person is working in, and turns
 * Codex traffic into {@link net.flydex.helper.bridge.BridgeEvent}s for the relay.
 *
 * <p>Entry point: {@link net.flydex.helper.bridge.CodexBridge#call}.
 */
package net.flydex.helper.bridge;
