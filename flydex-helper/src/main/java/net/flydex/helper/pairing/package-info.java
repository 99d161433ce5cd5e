/**
 * {@code flydex pair}: pairing a desktop that has no browser (over SSH). The helper plays the
 * desktop browser's part itself: it creates a claim, shows its QR in the terminal, waits for the
 * phone's approval, then runs local connect and confirms its own key fingerprint.
 */
package net.flydex.helper.pairing;
