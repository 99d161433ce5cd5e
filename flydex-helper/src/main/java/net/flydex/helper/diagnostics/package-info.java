/** {@code flydex doctor}: a report a person can send to support, with every secret and personal detail redacted. */
package net.flydex.helper.diagnostics;
