/**
 * Test kit: the real Codex CLI, pinned and installed from npm ({@link net.flydex.testkit.CodexInstall}),
 * a Codex home pointing it at a scripted model ({@link net.flydex.testkit.CodexHome}), and that
 * model: a local {@code POST /v1/responses} server streaming SSE ({@link net.flydex.testkit.ScriptedModel}).
 *
 * <p>Tests drive the real binary and script only the model - never a fake Codex.
 *
 * <p>End to end: {@link net.flydex.testkit.SealedDevice} is a device the helper trusts, and
 * {@link net.flydex.testkit.RelayClient} opened with one seals and opens as the web app does;
 * {@link net.flydex.testkit.TamperingRelay} is a hostile relay for tests that must see the helper
 * refuse what it changes.
 */
package net.flydex.testkit;
