/**
 * The helper's bounded, rotating, redacted log file in {@code <state dir>/logs}, and the SLF4J
 * provider that writes the helper process's log lines.
 */
package net.flydex.helper.logs;
