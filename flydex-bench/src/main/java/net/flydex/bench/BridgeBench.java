package net.flydex.bench;

import net.flydex.testkit.SharedCodex;

/**
 * Measures the helper against the real pinned Codex and prints the figures for
 * {@code docs/benchmarks.md}: bridge added latency, helper start-up time and idle memory.
 * Run it from the repository root, after {@code ./mvnw install}; the command is in the docs.
 * Progress goes to stderr, the report to stdout.
 */
public final class BridgeBench {
    private BridgeBench() {}

    public static void main(String[] args) {
        BenchOptions options = BenchSetup.prepare(args, BenchOptions::parse, BenchOptions.USAGE);

        System.err.println("installing or finding the pinned Codex, starting the scripted model...");
        SharedCodex codex = SharedCodex.get();
        try (var work = TempDir.create("flydex-bench-")) {
            System.err.println("1. timing " + options.rounds() + " " + TimedRequest.METHOD + " round trips per side...");
            LatencyComparison latency = LatencyBench.run(codex, work.path(), options.rounds());
            System.err.println("2./3. starting the helper " + StartupBench.STARTS + " times per JVM configuration...");
            var startup = StartupBench.run(codex, BenchSetup.HELPER_JAR.toAbsolutePath(), work.path());
            System.out.println(BenchSetup.header("bridge", codex) + "\n\n" + Report.latency(latency) + "\n" + Report.startup(startup));
        } finally {
            codex.model().close();
        }
    }
}
