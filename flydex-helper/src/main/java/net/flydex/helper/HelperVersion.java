package net.flydex.helper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The helper's version, stamped into the jar by the build. */
public final class HelperVersion {
    private static final String VERSION = load();

    private HelperVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        var props = new Properties();
        try (InputStream in = HelperVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException unreadable) {
            // Falls back below; a version is informational only.
        }
        return props.getProperty("version", "dev");
    }
}
