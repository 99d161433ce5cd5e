/**
 * End-to-end encryption between a browser (a "device") and the desktop helper, so a FlyDex
 * control plane routes what it can neither read nor forge. The full specification, with what each
 * side checks and the honest limits, is {@code docs/e2e.md}; {@code e2e.js} is the browser's
 * implementation, and {@code vectors-v1.json} holds the test vectors both pass.
 *
 * <p>Suite v1, named by the version byte {@code 0x01} that starts every binary message: ECDH on
 * P-256 (public keys as 65-byte uncompressed points, base64url), HKDF-SHA-256, AES-256-GCM;
 * P-256 because iOS 16.4 receives Web Push but has no X25519. JDK providers only.
 *
 * <pre>
 *  device (S_d)                     control plane                        helper (S_h)
 *      ◀───── QR fragment: Offer (offer id, secret, S_h, expiry) ─────────────  (never on a server)
 *      ── Introduction (S_d, name, proof) ──▶ routes ──▶ accepted once ────────▶ trusts S_d
 *      ◀── IntroductionAccepted (helper proof) ◀──────────────────────────────   device pins S_h
 *   per socket:
 *      ── hello (e_d) ─────────────────────▶ routes ──────────────────────────▶ trusted device only
 *      ◀── reply (e_h, sealed empty frame 0) ◀────────────────────────────────   keys k_d2h, k_h2d
 *      ◀═══ sealed frames, counters from 0 each way, envelope bound as AAD ══▶
 *   store and forward (no session):
 *      ◀── OneShot PUSH (helper → device, opened by the service worker) ──────
 *      ── OneShot DECISION (service worker → helper, via the HTTP decision route) ──▶
 * </pre>
 *
 * <p>Parts: {@link net.flydex.protocol.e2e.DeviceClient} is the device side;
 * {@link net.flydex.protocol.e2e.Introductions} (offers, introductions accepted once),
 * {@link net.flydex.protocol.e2e.TrustedDevices} and
 * {@link net.flydex.protocol.e2e.HelperEndpoint} (handshakes, push, decisions) the helper side;
 * {@link net.flydex.protocol.e2e.Session} seals and opens frames on both. Every refusal is an
 * {@link net.flydex.protocol.e2e.E2eException} naming a {@link net.flydex.protocol.e2e.Failure};
 * every size and time is in {@link net.flydex.protocol.e2e.E2eLimits}.
 */
package net.flydex.protocol.e2e;
