/**
 * The shapes of end-to-end fields the control plane routes by or carries (docs/e2e.md, "Wiring"):
 * device and session ids, hellos, sealed frames, one-shot messages, introductions and helper keys.
 * The server never opens any of them; it only bounds them, so a frame that cannot be one is
 * refused with {@code bad_request} before it reaches a helper, a database or a push service.
 */
package net.flydex.server.e2e;
