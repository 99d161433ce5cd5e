/**
 * The running helper: wires the Codex bridge, the local API and (later) the uplink to the control
 * plane, and reports their state as {@code /v1/health}.
 */
package net.flydex.helper.app;
