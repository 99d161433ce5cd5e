package net.flydex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The figures as a person reads them: two Markdown tables with one line on how each was made. */
final class Report {
    /** The bridge may cost at most a fifth on top of talking to Codex directly. */
    static final double RATIO_GOAL = 1.2;
    private static final String MICROS = "%.1f";
    private static final String MILLIS = "%.0f";
    private static final String MIB = "%.1f";
    private static final String RATIO = "%.2fx";
    private static final String DIFFERENCE = "%+.1f";
    private static final List<ToDoubleFunction<Latencies>> FIGURES =
            List.of(Latencies::p50, Latencies::p90, Latencies::p99, Latencies::mean);

    private Report() {}

    static String latency(LatencyComparison result) {
        var table = new Table("path", "p50 µs", "p90 µs", "p99 µs", "mean µs")
                .row(cells("bridge (CodexBridge.call)", figure -> MICROS.formatted(figure.applyAsDouble(result.bridge()))))
                .row(cells("direct (app-server stdio)", figure -> MICROS.formatted(figure.applyAsDouble(result.direct()))))
                .row(cells("bridge − direct µs", figure -> DIFFERENCE.formatted(result.difference(figure))))
                .row(cells("ratio bridge/direct", figure -> RATIO.formatted(result.ratio(figure))));
        boolean met = result.ratio(Latencies::p50) < RATIO_GOAL && result.ratio(Latencies::p99) < RATIO_GOAL;
        return """
                1. Bridge added latency: %s {"limit":%d}, sequential round trips, each listing %d threads
                   %d timed per side after %d warm-up, in alternating blocks of %d (the side going first flips every block)

                %s
                Goal bridge/direct < %.1fx at p50 and p99: %s
                """.formatted(TimedRequest.METHOD, TimedRequest.LIMIT, result.listed(), result.bridge().count(),
                LatencyBench.WARMUP_ROUNDS, LatencyBench.BLOCK, table.render(), RATIO_GOAL, met ? "met" : "NOT met");
    }

    static String startup(Map<JvmFlags, List<StartupSample>> samples) {
        var table = new Table("helper JVM", "/v1/health answers ms", "codex ready ms",
                "helper RSS MiB", "of which anon", "codex RSS MiB", "of which anon");
        samples.forEach((jvm, runs) -> table.row(jvm.label(),
                Spread.of(runs, s -> s.times().healthMillis()).format(MILLIS),
                Spread.of(runs, s -> s.times().readyMillis()).format(MILLIS),
                Spread.of(runs, s -> s.helper().totalMib()).format(MIB),
                Spread.of(runs, s -> s.helper().anonMib()).format(MIB),
                Spread.of(runs, s -> s.codex().totalMib()).format(MIB),
                Spread.of(runs, s -> s.codex().anonMib()).format(MIB)));
        return """
                2./3. Helper start (java -jar flydex-helper.jar run --codex-mode private) and idle RSS
                   median (min–max) of %d starts per row, rows alternating; times from process launch, health polled every %d ms;
                   RSS (VmRSS) after %d s idle once ready, helper JVM and its codex child separately;
                   "anon" is RssAnon, the process's own memory (the rest is file-backed: binaries, libraries, class archive)

                %s""".formatted(StartupBench.STARTS, HelperProcess.HEALTH_POLL.toMillis(), StartupBench.IDLE.toSeconds(),
                table.render());
    }

    /** One latency row: its name, then each of {@link #FIGURES} rendered by {@code cell}. */
    static String[] cells(String name, Function<ToDoubleFunction<Latencies>, String> cell) {
        return cells(name, FIGURES, cell);
    }

    /** The same with other figures than {@link #FIGURES}. */
    static String[] cells(String name, List<ToDoubleFunction<Latencies>> figures, Function<ToDoubleFunction<Latencies>, String> cell) {
        var row = new ArrayList<String>();
        row.add(name);
        figures.forEach(figure -> row.add(cell.apply(figure)));
        return row.toArray(String[]::new);
    }
}
