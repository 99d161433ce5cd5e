/**
 * The helper's end of end-to-end encryption (docs/e2e.md): its static key S_h
 * ({@code e2e-key.pem}, 0600), the devices it trusts ({@code devices.json}, 0600, rewritten
 * atomically), QR offers and introductions, and the sealed sessions open on it with their caps and
 * hello rate limit. The protocol itself is {@code net.flydex.protocol.e2e}; the relay
 * ({@code net.flydex.helper.relay}) seals and opens frames through the sessions kept here, and the
 * local API offers and introduces through {@link net.flydex.helper.e2e.HelperE2e}.
 */
package net.flydex.helper.e2e;
