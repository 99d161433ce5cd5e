/**
 * {@code flydex pair}: pairing a desktop that has no browser (over SSH). The helper plays the
 * desktop browser's part itself: it creates a claim, shows its QR (with a fresh end-to-end offer)
 * in the terminal, waits for the phone's approval, trusts the phone's introduction, then runs
 * local connect and confirms its own key fingerprint. {@code flydex pair --device} adds one more
 * trusted device to a desktop already paired.
 */
package net.flydex.helper.pairing;
