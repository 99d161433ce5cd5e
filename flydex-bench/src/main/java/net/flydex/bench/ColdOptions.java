package net.flydex.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link ColdStartBench}: {@code [--trials N] [--warmup N] [--rounds N] [--warm-seconds S]
 * [--idle-seconds S] [--fresh 0|1] [--startup-only 0|1] [--variants a,b,...] [--baseline DIR]}.
 *
 * @param fresh whether the fresh-processes regime (a new server per trial) runs
 * @param startupOnly only the start-up figures: each helper started and stopped, Codex's own start
 *     beside it, no server, no round trips, no idle window (seconds a trial instead of minutes)
 * @param variants the helpers compared behind the warm server, in {@link HelperVariant}'s order
 * @param baseline an earlier build's repository root, compared in the same run: its helper ({@link HelperSetup#baseline}) behind its own warm server
 */
record ColdOptions(int trials, int warmup, int rounds, int warmSeconds, int idleSeconds, boolean fresh, boolean startupOnly,
        Set<HelperVariant> variants, Optional<Path> baseline) {
    /** Trials alternate the paths' order; the report gives the median over them, so one disturbed trial cannot decide it. */
    static final int DEFAULT_TRIALS = 5;
    /** Untimed round trips a fresh helper gets first: about a person's first minutes of use. */
    static final int DEFAULT_WARMUP = 200;
    static final int DEFAULT_ROUNDS = 2000;
    /** Traffic before the warm figures: past the server's first 20-s ping, as RelayLatency#WARM_AT_LEAST explains. */
    static final int DEFAULT_WARM_SECONDS = 30;
    /** The idle window: long enough to hold the server's pings (every 20 s) and the helper's timers. */
    static final int DEFAULT_IDLE_SECONDS = 60;
    /** Every variant but the C2-enabled one, which only the JIT comparison needs (--variants names it). */
    static final Set<HelperVariant> DEFAULT_VARIANTS = EnumSet.of(HelperVariant.NPM_CACHE, HelperVariant.NPM_NO_CACHE,
            HelperVariant.JVM_DEFAULTS);
    static final String USAGE = "usage: ColdStartBench [--trials N] [--warmup N] [--rounds N] [--warm-seconds S] [--idle-seconds S]"
            + " [--fresh 0|1] [--startup-only 0|1] [--variants " + String.join(",", Arrays.stream(HelperVariant.values()).map(HelperVariant::option).toList())
            + "] [--baseline DIR]   (defaults " + DEFAULT_TRIALS + ", " + DEFAULT_WARMUP + ", " + DEFAULT_ROUNDS + ", " + DEFAULT_WARM_SECONDS + ", "
            + DEFAULT_IDLE_SECONDS + ", 1, 0, " + String.join(",", DEFAULT_VARIANTS.stream().map(HelperVariant::option).toList())
            + "; --idle-seconds 0 leaves out the idle figures, --fresh 0 the fresh-processes regime; --startup-only 1 measures the starts"
            + " alone; --baseline adds an earlier build's"
            + " helper behind its own warm server, a packaged repository)";

    ColdOptions {
        if (trials < 1 || rounds < 1 || warmSeconds < 1) {
            throw new IllegalArgumentException("--trials, --rounds and --warm-seconds must be at least 1");
        }
        if (warmup < 0 || idleSeconds < 0) {
            throw new IllegalArgumentException("--warmup and --idle-seconds must not be negative");
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("--variants must name at least one helper");
        }
        variants = Set.copyOf(EnumSet.copyOf(variants));
    }

    static ColdOptions parse(String[] args) {
        int[] values = {DEFAULT_TRIALS, DEFAULT_WARMUP, DEFAULT_ROUNDS, DEFAULT_WARM_SECONDS, DEFAULT_IDLE_SECONDS, 1, 0};
        Set<HelperVariant> variants = DEFAULT_VARIANTS;
        Optional<Path> baseline = Optional.empty();
        var names = List.of("--trials", "--warmup", "--rounds", "--warm-seconds", "--idle-seconds", "--fresh", "--startup-only");
        for (int i = 0; i < args.length; i++) {
            int which = names.indexOf(args[i]);
            if (i + 1 >= args.length || (which < 0 && !args[i].equals("--variants") && !args[i].equals("--baseline"))) {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
            if (args[i].equals("--baseline")) {
                baseline = Optional.of(Path.of(args[++i]));
            } else if (which < 0) {
                variants = variants(args[++i]);
            } else {
                values[which] = BenchOptions.wholeNumber(args[i], args[++i]);
            }
        }
        for (int flag : new int[] {5, 6}) {
            if (values[flag] != 0 && values[flag] != 1) {
                throw new IllegalArgumentException(names.get(flag) + " takes 0 or 1, not " + values[flag]);
            }
        }
        return new ColdOptions(values[0], values[1], values[2], values[3], values[4], values[5] == 1, values[6] == 1, variants, baseline);
    }

    /** The helpers in {@link HelperVariant}'s order, whatever order the list names them in. */
    List<HelperVariant> helpers() {
        return Arrays.stream(HelperVariant.values()).filter(variants::contains).toList();
    }

    private static Set<HelperVariant> variants(String list) {
        Set<HelperVariant> chosen = EnumSet.noneOf(HelperVariant.class);
        for (String name : list.split(",")) {
            chosen.add(Arrays.stream(HelperVariant.values()).filter(v -> v.option().equals(name.strip().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("--variants: no helper variant " + name)));
        }
        return chosen;
    }
}
