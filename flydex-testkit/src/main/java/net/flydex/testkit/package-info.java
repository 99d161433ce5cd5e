/**
 * Test kit: the real Codex CLI, pinned and installed from npm ({@link net.flydex.testkit.CodexInstall}),
 * a Codex home pointing it at a scripted model ({@link net.flydex.testkit.CodexHome}), and that
 * model: a local {@code POST /v1/responses} server streaming SSE ({@link net.flydex.testkit.ScriptedModel}).
 *
 * <p>Tests drive the real binary and script only the model - never a fake Codex.
 */
package net.flydex.testkit;
