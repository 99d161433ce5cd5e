package net.flydex.server.machines;

import java.util.regex.Pattern;
import net.flydex.server.http.ApiException;

/**
 * The checks on what a helper says about its machine. Names end up on phone screens and in the
 * approval prompt "Link desktop NAME?", so nothing that can hide or reorder text gets through.
 */
public final class MachineFields {
    /** Fits a phone's machine list on one line; hostnames are shorter. */
    public static final int MAX_NAME = 64;
    /** Enough for any release or build tag. */
    public static final int MAX_HELPER_VERSION = 32;
    /** Short machine-readable tags such as {@code linux-x64}, {@code darwin-arm64}. */
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9._-]{1,32}");
    private static final Pattern HELPER_VERSION = Pattern.compile("[\\x20-\\x7e]{1," + MAX_HELPER_VERSION + "}");

    private MachineFields() {}

    /** The name without surrounding blanks: 1..64 characters, none of them control, format or bidi marks. */
    public static String name(String name) {
        String stripped = name.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length == 0 || length > MAX_NAME) {
            throw ApiException.badRequest("name must have 1 to " + MAX_NAME + " characters");
        }
        if (!stripped.codePoints().allMatch(MachineFields::isDisplaySafe)) {
            throw ApiException.badRequest("name must not contain control or text-direction characters");
        }
        return stripped;
    }

    public static String platform(String platform) {
        if (!PLATFORM.matcher(platform).matches()) {
            throw ApiException.badRequest("platform must match [a-z0-9._-]{1,32}");
        }
        return platform;
    }

    public static String helperVersion(String version) {
        if (!isHelperVersion(version)) {
            throw ApiException.badRequest("helperVersion must be 1 to " + MAX_HELPER_VERSION + " printable ASCII characters");
        }
        return version;
    }

    static boolean isHelperVersion(String version) {
        return HELPER_VERSION.matcher(version).matches() && !version.isBlank();
    }

    /**
     * False for control characters (CR/LF forge log lines), format characters (bidi overrides and
     * zero-width marks disguise text), line and paragraph separators, and lone surrogates.
     */
    public static boolean isDisplaySafe(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
