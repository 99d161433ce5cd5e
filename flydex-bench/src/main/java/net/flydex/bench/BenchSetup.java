package net.flydex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import net.flydex.testkit.SharedCodex;

/** What every bench main does before measuring, and the first line of its report. */
final class BenchSetup {
    /** Built by {@code ./mvnw install}; the benches run from the repository root. */
    static final Path HELPER_JAR = Path.of("flydex-helper", "target", "flydex-helper.jar");
    static final int EXIT_USAGE = 2;

    private BenchSetup() {}

    /**
     * The common start of every bench's main: parse the options (usage and exit 2 on a mistake),
     * check the helper jar is built, quiet the logs and register the clean-up.
     */
    static <T> T prepare(String[] args, java.util.function.Function<String[], T> parse, String usage) {
        T options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + usage);
            System.exit(EXIT_USAGE);
            throw e;
        }
        if (!helperJarPresent()) {
            System.exit(EXIT_USAGE);
        }
        quietLogsAndCleanUpOnExit();
        return options;
    }

    /** False, after saying why on stderr, when the bench was not started from the repository root after an install. */
    static boolean helperJarPresent() {
        if (Files.isRegularFile(HELPER_JAR)) {
            return true;
        }
        System.err.println(HELPER_JAR + " not found: run from the repository root after ./mvnw -q install -DskipTests");
        return false;
    }

    /**
     * Keeps the helper's and the server's info logs from interleaving with the progress lines, and
     * makes sure nothing the bench started outlives it, should it be stopped early.
     */
    static void quietLogsAndCleanUpOnExit() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly), "bench-cleanup"));
    }

    /** "FlyDex NAME bench, date, cores, OS, Java, codex version". */
    static String header(String name, SharedCodex codex) {
        return "FlyDex %s bench, %s, %d cores, %s %s, Java %s, codex %s".formatted(name,
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.version(), codex.install().version());
    }
}
