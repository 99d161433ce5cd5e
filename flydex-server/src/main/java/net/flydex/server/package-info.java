/**
 * The FlyDex control plane. Package by feature: {@code accounts} (sign-up, sessions),
 * {@code pairing} (QR claims), {@code localconnect}, {@code machines} (registry and the helper's
 * WebSocket), {@code audit}, {@code ratelimit}; plumbing in {@code http}, {@code storage},
 * {@code security}; wiring in {@code app}; the {@code serve} command in {@code cli}.
 *
 * <p>It stores account, billing and machine metadata only - never prompts, agent output or
 * approval payloads.
 */
package net.flydex.server;
