package net.flydex.server.pairing;

import java.util.regex.Pattern;
import net.flydex.server.http.ApiException;

/**
 * The machine name and platform a desktop claims for itself. The phone shows them on the consent
 * screen, so they must read as what they are: no line breaks (a forged second line, or a forged
 * log line), no bidi overrides or invisible characters (a name that displays as something else).
 */
final class MachineLabels {
    /** Long enough for any host name people use, short enough for one line on a phone. */
    static final int MAX_NAME = 64;
    /** Platform ids are short tokens such as {@code darwin-arm64} or {@code linux-x64}. */
    static final int MAX_PLATFORM = 32;
    /** What JSON parsing accepts before trimming: room for stray spaces around a valid name. */
    static final int MAX_RAW_NAME = 4 * MAX_NAME;

    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9._-]{1," + MAX_PLATFORM + "}");

    private MachineLabels() {}

    /** The trimmed name, or 400 if it is empty, too long, or holds a character that could mislead. */
    static String name(String raw) {
        String name = raw.strip();
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_NAME) {
            throw ApiException.badRequest("machineName must be 1 to " + MAX_NAME + " characters");
        }
        if (name.codePoints().anyMatch(MachineLabels::misleading)) {
            throw ApiException.badRequest("machineName may not contain control, formatting or invisible characters");
        }
        return name;
    }

    static String platform(String raw) {
        if (!PLATFORM.matcher(raw).matches()) {
            throw ApiException.badRequest("platform must be 1 to " + MAX_PLATFORM + " characters of a-z, 0-9, '.', '_' or '-'");
        }
        return raw;
    }

    /**
     * Controls (C0, DEL, C1), format characters (bidi overrides and isolates, zero-width
     * characters, BOM), line and paragraph separators, lone surrogates, private-use and
     * unassigned code points.
     */
    private static boolean misleading(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
