package net.flydex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** What {@link ColdStartBench} measured, and its tables: medians over the trials, ratios to the Node floor of the same trial. */
final class ColdReport {
    private static final double GOAL_COLD_RATIO = 2.0;
    private static final double GOAL_COLD_P99_MICROS = 2000;
    private static final double GOAL_WARM_RATIO = 1.5;
    private static final double GOAL_WARM_P99_MICROS = 500;
    private static final double GOAL_HEALTH_MILLIS = 250;
    private static final double GOAL_READY_OVER_CODEX_MILLIS = 100;
    private static final double GOAL_IDLE_RSS_MIB = 60;
    /** "No more than a few times a minute", read as at most 5. */
    private static final double GOAL_IDLE_WAKEUPS = 5;

    private final Map<String, Map<Integer, Latencies>> cold = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Latencies>> warm = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Latencies>> fresh = new LinkedHashMap<>();
    private final Map<String, List<StartupTimes>> startup = new LinkedHashMap<>();
    /** Appended to a helper's label for its second start on the state and Codex home its first left. */
    static final String RESTART = " - restart, state kept";

    private final List<Double> codexStarts = new ArrayList<>();
    private final List<Double> codexRestarts = new ArrayList<>();
    private final List<Double> floorStarts = new ArrayList<>();
    private final List<Double> floorRestarts = new ArrayList<>();
    private final List<Double> nodeStarts = new ArrayList<>();
    private final Map<String, List<Double>> serverStarts = new LinkedHashMap<>();
    private final Map<String, IdleSample> idle = new LinkedHashMap<>();
    private final Map<String, List<Double>> coldCpu = new LinkedHashMap<>();
    private final Map<String, List<Double>> warmCpu = new LinkedHashMap<>();
    /** Threads named in the idle breakdown: the rest are summed as "others". */
    private static final int IDLE_THREADS_NAMED = 8;

    void cold(String path, int trial, Latencies latencies) {
        cold.computeIfAbsent(path, p -> new HashMap<>()).put(trial, latencies);
    }

    void warm(String path, int trial, Latencies latencies) {
        warm.computeIfAbsent(path, p -> new HashMap<>()).put(trial, latencies);
    }

    void fresh(String path, int trial, Latencies latencies) {
        fresh.computeIfAbsent(path, p -> new HashMap<>()).put(trial, latencies);
    }

    void startup(String helper, StartupTimes times) {
        startup.computeIfAbsent(helper, h -> new ArrayList<>()).add(times);
    }

    /** The helper's CPU over the cold regime's warm-up and timed rounds. */
    void coldCpu(String helper, double millis) {
        coldCpu.computeIfAbsent(helper, h -> new ArrayList<>()).add(millis);
    }

    /** The helper's CPU over the warm regime's timed rounds. */
    void warmCpu(String helper, double millis) {
        warmCpu.computeIfAbsent(helper, h -> new ArrayList<>()).add(millis);
    }

    /** Codex's own start: in a fresh home, or again in the home an earlier start left ({@code restart}). */
    void codexStart(boolean restart, double millis) {
        (restart ? codexRestarts : codexStarts).add(millis);
    }

    /** {@link CodexFloor}'s launch to Codex ready: in a fresh Codex home, or again in the home it left ({@code restart}). */
    void codexFloor(boolean restart, double millis) {
        (restart ? floorRestarts : floorStarts).add(millis);
    }

    /** Codex's own start to compare {@code helper}'s with: a restart's with Codex's restart on a kept home. */
    private double codexOwn(String helper) {
        List<Double> own = helper.endsWith(RESTART) && !codexRestarts.isEmpty() ? codexRestarts : codexStarts;
        return median(own.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The floor's "ready - Codex's own start" beside {@code helper}'s: NaN when the run had no floor. */
    private double floorOverCodex(String helper) {
        List<Double> floor = helper.endsWith(RESTART) ? floorRestarts : floorStarts;
        return floor.isEmpty() ? Double.NaN : median(floor.stream().mapToDouble(Double::doubleValue).toArray()) - codexOwn(helper);
    }

    void nodeStart(double millis) {
        nodeStarts.add(millis);
    }

    void serverStart(String label, double millis) {
        serverStarts.computeIfAbsent(label, l -> new ArrayList<>()).add(millis);
    }

    void idle(String process, IdleSample sample) {
        idle.put(process, sample);
    }

    String render(ColdOptions options) {
        String rounds = options.warmup() + " untimed, then " + options.rounds() + " timed sequential approvals/list round trips, JDK WebSocket client; "
                + options.trials() + " trials, paths in rotating order; medians over the trials";
        var out = new StringBuilder();
        if (!options.startupOnly()) {
            out.append("1. Cold: warm server, freshly started helper (or Node host stub); ").append(rounds).append("\n\n")
                    .append(latencyTable(cold)).append('\n');
            out.append("2. Warm: the same processes after ").append(options.warmSeconds()).append(" s more of traffic\n\n")
                    .append(latencyTable(warm)).append('\n');
            out.append("3. Fresh processes on both sides (server and helper; Node relay and stub); ").append(rounds).append("\n\n")
                    .append(latencyTable(fresh)).append('\n');
        }
        out.append("4. Start-up, ms from launch (median, min-max over the trials; health polled every 10 ms)\n\n").append(startupTable()).append('\n');
        if (!idle.isEmpty()) {
            out.append("5. Idle, first trial: ").append(options.idleSeconds())
                    .append(" s with the browser's socket open and no traffic (the server pings every 20 s);"
                            + " wake-ups = context switches of all its threads\n\n").append(idleTable()).append('\n')
                    .append(idleThreads()).append('\n');
        }
        if (!coldCpu.isEmpty()) {
            out.append("6. Helper CPU, ms (median, min-max over the trials): all its threads, from /proc/<pid>/stat\n\n").append(cpuTable())
                    .append('\n');
        }
        out.append(goals());
        return out.toString();
    }

    private String latencyTable(Map<String, Map<Integer, Latencies>> regime) {
        var table = new Table("path", "p50 µs", "p99 µs", "trial p50s µs", "p50 / floor", "p99 / floor");
        regime.forEach((path, trials) -> table.row(path, fmt(median(trials, Latencies::p50)), fmt(median(trials, Latencies::p99)),
                range(trials.values().stream().mapToDouble(Latencies::p50).toArray()), ratio(regime, path, Latencies::p50),
                ratio(regime, path, Latencies::p99)));
        return table.render();
    }

    /** The median over trials of this path's figure divided by the Node floor's in the same trial. */
    private static String ratio(Map<String, Map<Integer, Latencies>> regime, String path, ToDoubleFunction<Latencies> figure) {
        double median = ratioMedian(regime, path, figure);
        return Double.isNaN(median) ? "-" : "%.2fx".formatted(median);
    }

    private static double ratioMedian(Map<String, Map<Integer, Latencies>> regime, String path, ToDoubleFunction<Latencies> figure) {
        Map<Integer, Latencies> floor = regime.getOrDefault(ColdStartBench.NODE, Map.of());
        return median(regime.get(path).entrySet().stream().filter(e -> floor.containsKey(e.getKey()))
                .mapToDouble(e -> figure.applyAsDouble(e.getValue()) / figure.applyAsDouble(floor.get(e.getKey()))).toArray());
    }

    private String startupTable() {
        var table = new Table("process", "/v1/health (or ready) ms", "started (200) ms", "Codex ready, any answer ms", "Codex ready ms",
                "ready - Codex's own start ms", "CPU until /v1/health ms");
        startup.forEach((helper, times) -> {
            double[] health = times.stream().mapToDouble(StartupTimes::healthMillis).toArray();
            double[] ready = times.stream().mapToDouble(StartupTimes::readyMillis).toArray();
            table.row(helper, withRange(health), withRange(times.stream().mapToDouble(StartupTimes::startedMillis).toArray()),
                    withRange(times.stream().mapToDouble(StartupTimes::codexReadyMillis).toArray()), withRange(ready),
                    fmt(median(ready) - codexOwn(helper)),
                    withRange(times.stream().mapToDouble(StartupTimes::healthCpuMillis).toArray()));
        });
        table.row("codex app-server alone: spawn to initialize answered", "-", "-", "-",
                withRange(codexStarts.stream().mapToDouble(d -> d).toArray()), "-", "-");
        if (!codexRestarts.isEmpty()) {
            table.row("codex app-server alone, again on its kept home", "-", "-", "-",
                    withRange(codexRestarts.stream().mapToDouble(d -> d).toArray()), "-", "-");
        }
        if (!floorStarts.isEmpty()) {
            table.row(CodexFloor.LABEL, "-", "-", "-", withRange(floorStarts.stream().mapToDouble(d -> d).toArray()), fmt(floorOverCodex("")),
                    "-");
        }
        if (!floorRestarts.isEmpty()) {
            table.row(CodexFloor.LABEL + ", again on its kept home", "-", "-", "-",
                    withRange(floorRestarts.stream().mapToDouble(d -> d).toArray()), fmt(floorOverCodex(RESTART)), "-");
        }
        if (!nodeStarts.isEmpty()) {
            table.row("Node host stub: spawn to connected to its relay", withRange(nodeStarts.stream().mapToDouble(d -> d).toArray()), "-", "-",
                    "-", "-", "-");
        }
        serverStarts.forEach((label, millis) -> table.row("server process (" + label + "): to ready line",
                withRange(millis.stream().mapToDouble(d -> d).toArray()), "-", "-", "-", "-", "-"));
        return table.render();
    }

    private String idleTable() {
        var table = new Table("process", "RSS MiB", "of which anon MiB", "file-backed MiB", "threads", "wake-ups / min",
                "of which involuntary");
        idle.forEach((process, sample) -> table.row(process, fmt(sample.rss().totalMib()), fmt(sample.rss().anonMib()),
                fmt(sample.rss().fileMib()), "%.0f".formatted(sample.threads()),
                process.startsWith("its codex") ? "-" : "%.0f".formatted(sample.wakeupsPerMinute()),
                process.startsWith("its codex") ? "-" : "%.0f".formatted(sample.involuntaryPerMinute())));
        return table.render();
    }

    /** Where each idle helper's wake-ups went, by thread. */
    private String idleThreads() {
        var out = new StringBuilder();
        idle.forEach((process, sample) -> {
            if (sample.byThread().isEmpty() || process.startsWith("its codex")) {
                return;
            }
            var named = sample.byThread().entrySet().stream().limit(IDLE_THREADS_NAMED)
                    .map(e -> e.getKey() + " " + "%.0f".formatted(e.getValue()) + involuntary(sample, e.getKey())).toList();
            double others = sample.byThread().values().stream().skip(IDLE_THREADS_NAMED).mapToDouble(Double::doubleValue).sum();
            out.append("Wake-ups / min by thread, ").append(process).append(": ").append(String.join(", ", named))
                    .append(others > 0 ? ", others %.0f".formatted(others) : "").append('\n')
                    .append("  threads that never woke: ").append(String.join(", ", sample.asleep())).append('\n');
        });
        return out.toString();
    }

    /** " (2 involuntary)" after a thread's wake-ups, when some of them were. */
    private static String involuntary(IdleSample sample, String thread) {
        double count = sample.involuntaryByThread().getOrDefault(thread, 0.0);
        return count >= 0.5 ? " (%.0f involuntary)".formatted(count) : "";
    }

    private String cpuTable() {
        var table = new Table("helper", "cold: warm-up + timed rounds", "warm: timed rounds");
        coldCpu.forEach((helper, millis) -> table.row(helper, withRange(millis.stream().mapToDouble(d -> d).toArray()),
                withRange(warmCpu.getOrDefault(helper, List.of()).stream().mapToDouble(d -> d).toArray())));
        return table.render();
    }

    private String goals() {
        String helper = HelperVariant.NPM_CACHE.label();
        var lines = new ArrayList<String>();
        if (cold.containsKey(helper)) {
            double ratio = ratioMedian(cold, helper, Latencies::p50);
            double p99 = median(cold.get(helper), Latencies::p99);
            lines.add("Goal cold p50 <= %.1fx floor: %s (%.2fx); cold p99 < %.0f µs: %s (%.0f µs)".formatted(GOAL_COLD_RATIO,
                    met(ratio <= GOAL_COLD_RATIO), ratio, GOAL_COLD_P99_MICROS, met(p99 < GOAL_COLD_P99_MICROS), p99));
        }
        if (warm.containsKey(helper)) {
            double ratio = ratioMedian(warm, helper, Latencies::p50);
            double p99 = median(warm.get(helper), Latencies::p99);
            lines.add("Goal warm p50 <= %.1fx floor: %s (%.2fx); warm p99 <= %.0f µs: %s (%.0f µs)".formatted(GOAL_WARM_RATIO,
                    met(ratio <= GOAL_WARM_RATIO), ratio, GOAL_WARM_P99_MICROS, met(p99 <= GOAL_WARM_P99_MICROS), p99));
        }
        for (String start : List.of(helper, helper + RESTART)) {
            if (startup.containsKey(start)) {
                double health = median(startup.get(start).stream().mapToDouble(StartupTimes::healthMillis).toArray());
                double over = median(startup.get(start).stream().mapToDouble(StartupTimes::readyMillis).toArray()) - codexOwn(start);
                double anyOver = median(startup.get(start).stream().mapToDouble(StartupTimes::codexReadyMillis).toArray()) - codexOwn(start);
                double floor = floorOverCodex(start);
                lines.add(("Goal helper start to /v1/health <= %.0f ms: %s (%.0f ms); to Codex ready <= Codex's own start + %.0f ms: %s"
                        + " (+%.0f ms in a started helper's answer, +%.0f ms in any answer%s)%s")
                        .formatted(GOAL_HEALTH_MILLIS, met(health <= GOAL_HEALTH_MILLIS), health, GOAL_READY_OVER_CODEX_MILLIS,
                                met(over <= GOAL_READY_OVER_CODEX_MILLIS), over, anyOver,
                                Double.isNaN(floor) ? "" : "; a JVM that only starts Codex: +%.0f ms".formatted(floor),
                                start.equals(helper) ? "" : " [restart, state kept]"));
            }
        }
        if (idle.containsKey(helper)) {
            Rss rss = idle.get(helper).rss();
            double wakeups = idle.get(helper).wakeupsPerMinute();
            Optional<IdleSample> bare = Optional.ofNullable(idle.get(JvmFloor.BARE.label));
            Optional<IdleSample> withCache = Optional.ofNullable(idle.get(JvmFloor.WITH_HELPER_CACHE.label));
            lines.add("Goal helper idle RSS <= %.0f MiB: %s (%.1f MiB, %.1f anon)%s%s".formatted(GOAL_IDLE_RSS_MIB,
                    met(rss.totalMib() <= GOAL_IDLE_RSS_MIB), rss.totalMib(), rss.anonMib(),
                    bare.map(f -> "; JVM floor %.1f MiB (%.1f anon)".formatted(f.rss().totalMib(), f.rss().anonMib())).orElse(""),
                    withCache.map(f -> "; with the helper's AOT cache %.1f MiB (%.1f anon)".formatted(f.rss().totalMib(), f.rss().anonMib()))
                            .orElse("")));
            lines.add("Goal helper idle wake-ups <= %.0f / min: %s (%.0f)%s".formatted(GOAL_IDLE_WAKEUPS, met(wakeups <= GOAL_IDLE_WAKEUPS), wakeups,
                    bare.map(f -> "; JVM floor %.0f".formatted(f.wakeupsPerMinute())).orElse("")));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    /** The 1-, 5- and 15-minute load averages, as the report's note on how busy the machine was. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException noProc) {
            return "n/a";
        }
    }

    private static double median(Map<Integer, Latencies> trials, ToDoubleFunction<Latencies> figure) {
        return median(trials.values().stream().mapToDouble(figure).toArray());
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String withRange(double[] values) {
        return values.length == 0 ? "-" : "%s (%s)".formatted(fmt(median(values)), range(values));
    }

    private static String range(double[] values) {
        return "%s-%s".formatted(fmt(Arrays.stream(values).min().orElse(Double.NaN)), fmt(Arrays.stream(values).max().orElse(Double.NaN)));
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "n/a" : value >= 100 ? "%.0f".formatted(value) : "%.1f".formatted(value);
    }
}
