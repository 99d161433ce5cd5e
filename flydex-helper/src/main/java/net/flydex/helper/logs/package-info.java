/** The helper's bounded, rotating, redacted log file in {@code <state dir>/logs}. */
package net.flydex.helper.logs;
