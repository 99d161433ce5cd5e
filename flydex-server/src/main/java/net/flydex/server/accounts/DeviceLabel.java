package net.flydex.server.accounts;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A coarse name for the device a session was signed in from, such as "Chrome on Android", so a
 * person can tell their sessions apart on the account page and sign out the right one. Only
 * browser and system families are kept, never versions or the User-Agent itself: enough to
 * recognise a phone or a laptop, too little to single one device out among many.
 */
public final class DeviceLabel {
    /** A session whose device is not known (signed in before labels, or by no browser we name). */
    public static final String UNKNOWN = "Unknown device";
    /** User-Agent strings run to a few hundred characters; reading further finds nothing more. */
    static final int MAX_USER_AGENT = 512;

    /** First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari". */
    private static final List<Family> BROWSERS = List.of(
            new Family("Edge", "edg/", "edga/", "edgios/"),
            new Family("Opera", "opr/", "opt/"),
            new Family("Samsung Internet", "samsungbrowser/"),
            new Family("Firefox", "firefox/", "fxios/"),
            new Family("Chrome", "chrome/", "crios/", "chromium/"),
            new Family("Safari", "safari/"),
            new Family("FlyDex helper", "java-http-client/"));
    /** iPhone and iPad before macOS (iPadOS may say "Macintosh"), Android before Linux. */
    private static final List<Family> SYSTEMS = List.of(
            new Family("iPhone", "iphone"),
            new Family("iPad", "ipad"),
            new Family("Android", "android"),
            new Family("Windows", "windows"),
            new Family("ChromeOS", "cros"),
            new Family("macOS", "macintosh", "mac os x"),
            new Family("Linux", "linux"));

    private DeviceLabel() {}

    public static String of(Optional<String> userAgent) {
        String agent = userAgent.map(text -> text.substring(0, Math.min(text.length(), MAX_USER_AGENT)).toLowerCase(Locale.ROOT))
                .orElse("");
        Optional<String> browser = first(BROWSERS, agent);
        Optional<String> system = first(SYSTEMS, agent);
        if (browser.isPresent() && system.isPresent()) {
            return browser.get() + " on " + system.get();
        }
        return browser.or(() -> system).orElse(UNKNOWN);
    }

    private static Optional<String> first(List<Family> families, String agent) {
        return families.stream().filter(family -> family.matches(agent)).map(Family::name).findFirst();
    }

    /** A browser or system family and the lower-case marks its User-Agent carries. */
    private record Family(String name, String... marks) {
        boolean matches(String agent) {
            for (String mark : marks) {
                if (agent.contains(mark)) {
                    return true;
                }
            }
            return false;
        }
    }
}
