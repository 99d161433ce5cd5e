package net.flydex.helper.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class HelperLoggingTest {
    private static final long DECEMBER_7 = Instant.parse("2026-12-07T18:15:49.507Z").toEpochMilli();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final HelperLogging logging = new HelperLogging(() -> new PrintStream(out, true, StandardCharsets.UTF_8), () -> DECEMBER_7);

    @Test
    void theTimeIsWhatJavaTimeSaysInUtcToTheMillisecond() {
        var edges = List.of("1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00.001Z", "2024-02-29T23:59:59.999Z",
                "2024-03-01T00:00:00Z", "2100-02-28T00:00:00.010Z", "2100-03-01T00:00:00.100Z", "1900-03-01T00:00:00Z", "9999-12-31T23:59:59.999Z");
        for (String edge : edges) {
            Instant instant = Instant.parse(edge);
            assertThat(UtcTimestamp.format(instant.toEpochMilli())).as(edge).isEqualTo(expected(instant));
        }
        var random = new Random(16);
        for (int i = 0; i < 100_000; i++) {
            long millis = random.nextLong(-2_000_000_000_000L, 8_000_000_000_000L);
            assertThat(UtcTimestamp.format(millis)).isEqualTo(expected(Instant.ofEpochMilli(millis)));
        }
    }

    /** The layout slf4j-simple wrote with the helper's settings ({@code yyyy-MM-dd'T'HH:mm:ss.SSSX} in UTC). */
    private static String expected(Instant instant) {
        String text = instant.truncatedTo(ChronoUnit.MILLIS).toString();
        String withoutZ = text.substring(0, text.length() - 1);
        if (withoutZ.length() == 19) {
            withoutZ += ".000";
        }
        return withoutZ + "Z";
    }

    @Test
    void aLineIsTheTimeTheLevelTheClassAndTheMessage() {
        logging.getLogger("net.flydex.helper.bridge.CodexBridge").info("codex ready: mode={} version={}", "private", "0.171.0");
        logging.getLogger("net.flydex.helper.app.HelperApp").warn("could not {}", "bind");

        assertThat(lines()).containsExactly("2026-12-07T18:15:49.507Z INFO CodexBridge - codex ready: mode=private version=0.171.0",
                "2026-12-07T18:15:49.507Z WARN HelperApp - could not bind");
    }

    @Test
    void aProblemsStackTraceFollowsItsLine() {
        logging.getLogger("a.B").error("the link failed", new IllegalStateException("refused"));

        List<String> lines = lines();
        assertThat(lines.get(0)).isEqualTo("2026-12-07T18:15:49.507Z ERROR B - the link failed");
        assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: refused");
        assertThat(lines.get(2)).startsWith("\tat ");
    }

    @Test
    void infoAndUpAreLoggedAndTheJettyClientOnlyWarns() {
        Logger own = logging.getLogger("net.flydex.helper.relay.Relay");
        Logger jetty = logging.getLogger("org.eclipse.jetty.client.HttpClient");
        own.debug("not shown");
        own.info("shown");
        jetty.info("not shown");
        jetty.warn("shown too");

        assertThat(own.isDebugEnabled()).isFalse();
        assertThat(jetty.isInfoEnabled()).isFalse();
        assertThat(lines()).containsExactly("2026-12-07T18:15:49.507Z INFO Relay - shown", "2026-12-07T18:15:49.507Z WARN HttpClient - shown too");
    }

    @Test
    void slf4jSimplesPropertiesStillSetTheLevels() {
        String prefix = HelperLogging.LEVEL_PROPERTY + "test.levels";
        System.setProperty(prefix, "debug");
        System.setProperty(prefix + ".quiet", "off");
        System.setProperty(HelperLogging.LEVEL_PROPERTY + "test.unknown", "loud");
        try {
            assertThat(logging.getLogger("test.levels.Chatty").isDebugEnabled()).isTrue();
            assertThat(logging.getLogger("test.levels.Chatty").isTraceEnabled()).isFalse();
            assertThat(logging.getLogger("test.levels.quiet.Silent").isErrorEnabled()).isFalse();
            assertThat(logging.getLogger("test.unknown.Word").isInfoEnabled()).as("an unknown word is no setting").isTrue();
            assertThat(logging.getLogger("test.unknown.Word").isDebugEnabled()).isFalse();
        } finally {
            System.clearProperty(prefix);
            System.clearProperty(prefix + ".quiet");
            System.clearProperty(HelperLogging.LEVEL_PROPERTY + "test.unknown");
        }
    }

    @Test
    void eachLineGoesToTheStreamOfTheMomentAsLogTeeReplacesSystemErr() {
        var first = new ByteArrayOutputStream();
        var second = new ByteArrayOutputStream();
        var current = new AtomicReference<>(new PrintStream(first, true, StandardCharsets.UTF_8));
        Logger logger = new HelperLogging(current::get, () -> DECEMBER_7).getLogger("a.B");
        logger.info("before");
        current.set(new PrintStream(second, true, StandardCharsets.UTF_8));
        logger.info("after");

        assertThat(first.toString(StandardCharsets.UTF_8)).contains("before").doesNotContain("after");
        assertThat(second.toString(StandardCharsets.UTF_8)).contains("after");
    }

    @Test
    void selectingNamesThisProviderUnlessOneWasNamedAlready() {
        String provider = System.getProperty("slf4j.provider");
        String verbosity = System.getProperty("slf4j.internal.verbosity");
        try {
            System.clearProperty("slf4j.provider");
            System.clearProperty("slf4j.internal.verbosity");
            HelperLogging.select();
            assertThat(System.getProperty("slf4j.provider")).isEqualTo(HelperLogging.class.getName());
            assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("WARN");

            System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
            HelperLogging.select();
            assertThat(System.getProperty("slf4j.provider")).isEqualTo("org.slf4j.simple.SimpleServiceProvider");
        } finally {
            restore("slf4j.provider", provider);
            restore("slf4j.internal.verbosity", verbosity);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
