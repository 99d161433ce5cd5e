package net.flydex.helper.cli;

/**
 * Keeps the JDK's HTTP client from waking an idle helper: its selector thread (one per client; the
 * agent link holds one all day) selects with a 3-s timeout when nothing is due, only to notice
 * sooner that an unreferenced client can end. Timeouts that are due still wake it on time.
 */
final class QuietClients {
    private static final String SELECTOR_TIMEOUT = "jdk.internal.httpclient.selectorTimeout";
    /** The longest the JDK accepts (20 minutes): an idle link's selector then wakes only for the server's pings. */
    private static final String LONGEST_MILLIS = "1200000";

    private QuietClients() {}

    /** Before the first HttpClient is built (the JDK reads it once); a value set on the command line is kept. */
    static void apply() {
        if (System.getProperty(SELECTOR_TIMEOUT) == null) {
            System.setProperty(SELECTOR_TIMEOUT, LONGEST_MILLIS);
        }
    }
}
