package net.flydex.helper.platform;

import java.util.Locale;

/** The desktop operating systems the helper knows the conventions of; anything else is treated as Linux (XDG). */
public enum Os {
    LINUX, MACOS, WINDOWS;

    /** From {@code os.name}: "Mac OS X", "Windows 11", "Linux", ... */
    public static Os of(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return MACOS;
        }
        return name.startsWith("windows") ? WINDOWS : LINUX;
    }

    public static Os current() {
        return of(System.getProperty("os.name"));
    }
}
