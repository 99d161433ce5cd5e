/**
 * The helper's durable state, in its state directory (0700): the machine key pair
 * ({@code machine-key.pem}, 0600) and {@code state.json} (0600: format version, server, machine
 * id). It survives restarts and upgrades, so a paired desktop reconnects with no browser; a newer
 * format is migrated, never silently discarded.
 */
package net.flydex.helper.state;
