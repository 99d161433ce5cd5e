package net.flydex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import net.flydex.testkit.SharedCodex;

/**
 * Measures the helper against the real pinned Codex and prints the figures for
 * {@code docs/benchmarks.md}: bridge added latency, helper start-up time and idle memory.
 * Run it from the repository root, after {@code ./mvnw install}; the command is in the docs.
 * Progress goes to stderr, the report to stdout.
 */
public final class BridgeBench {
    /** Built by {@code ./mvnw install}; the bench runs from the repository root. */
    private static final Path HELPER_JAR = Path.of("flydex-helper", "target", "flydex-helper.jar");
    private static final int EXIT_USAGE = 2;

    private BridgeBench() {}

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + BenchOptions.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        if (!Files.isRegularFile(HELPER_JAR)) {
            System.err.println(HELPER_JAR + " not found: run from the repository root after ./mvnw -q install -DskipTests");
            System.exit(EXIT_USAGE);
            return;
        }
        // The bridge logs each Codex start at info; that would interleave with the progress lines.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // Should the bench be stopped early, nothing it started may outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly), "bench-cleanup"));

        System.err.println("installing or finding the pinned Codex, starting the scripted model...");
        SharedCodex codex = SharedCodex.get();
        try (var work = TempDir.create("flydex-bench-")) {
            System.err.println("1. timing " + options.rounds() + " " + TimedRequest.METHOD + " round trips per side...");
            LatencyComparison latency = LatencyBench.run(codex, work.path(), options.rounds());
            System.err.println("2./3. starting the helper " + StartupBench.STARTS + " times per JVM configuration...");
            var startup = StartupBench.run(codex, HELPER_JAR.toAbsolutePath(), work.path());
            System.out.println(header(codex) + "\n\n" + Report.latency(latency) + "\n" + Report.startup(startup));
        } finally {
            codex.model().close();
        }
    }

    private static String header(SharedCodex codex) {
        return "FlyDex bridge bench, %s, %d cores, %s %s, Java %s, codex %s".formatted(
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.version(), codex.install().version());
    }
}
