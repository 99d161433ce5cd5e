package net.flydex.bench;

/** The command line of {@link ColdStartBench}: {@code [--trials N] [--warmup N] [--rounds N] [--warm-seconds S] [--idle-seconds S]}. */
record ColdOptions(int trials, int warmup, int rounds, int warmSeconds, int idleSeconds) {
    /** Trials alternate the paths' order; the report gives the median over them, so one disturbed trial cannot decide it. */
    static final int DEFAULT_TRIALS = 5;
    /** Untimed round trips a fresh helper gets first: about a person's first minutes of use. */
    static final int DEFAULT_WARMUP = 200;
    static final int DEFAULT_ROUNDS = 2000;
    /** Traffic before the warm figures: past the server's first 20-s ping, as RelayLatency#WARM_AT_LEAST explains. */
    static final int DEFAULT_WARM_SECONDS = 30;
    /** The idle window: long enough to hold the server's pings (every 20 s) and the helper's timers. */
    static final int DEFAULT_IDLE_SECONDS = 60;
    static final String USAGE = "usage: ColdStartBench [--trials N] [--warmup N] [--rounds N] [--warm-seconds S] [--idle-seconds S]   (defaults "
            + DEFAULT_TRIALS + ", " + DEFAULT_WARMUP + ", " + DEFAULT_ROUNDS + ", " + DEFAULT_WARM_SECONDS + ", " + DEFAULT_IDLE_SECONDS
            + "; --idle-seconds 0 leaves out the idle figures)";

    ColdOptions {
        if (trials < 1 || rounds < 1 || warmSeconds < 1) {
            throw new IllegalArgumentException("--trials, --rounds and --warm-seconds must be at least 1");
        }
        if (warmup < 0 || idleSeconds < 0) {
            throw new IllegalArgumentException("--warmup and --idle-seconds must not be negative");
        }
    }

    static ColdOptions parse(String[] args) {
        int[] values = {DEFAULT_TRIALS, DEFAULT_WARMUP, DEFAULT_ROUNDS, DEFAULT_WARM_SECONDS, DEFAULT_IDLE_SECONDS};
        var names = java.util.List.of("--trials", "--warmup", "--rounds", "--warm-seconds", "--idle-seconds");
        for (int i = 0; i < args.length; i++) {
            int which = names.indexOf(args[i]);
            if (which < 0 || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
            values[which] = BenchOptions.wholeNumber(args[i], args[++i]);
        }
        return new ColdOptions(values[0], values[1], values[2], values[3], values[4]);
    }
}
