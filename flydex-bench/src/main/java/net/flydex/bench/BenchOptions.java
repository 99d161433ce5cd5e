package net.flydex.bench;

/** The command line: {@code [--rounds N]}. */
record BenchOptions(int rounds) {
    /** Enough timed round trips that p99 rests on twenty observations per side. */
    static final int DEFAULT_ROUNDS = 2000;
    static final String USAGE = "usage: BridgeBench [--rounds N]   (N timed thread/list round trips per side, default "
            + DEFAULT_ROUNDS + ")";

    BenchOptions {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
    }

    static BenchOptions parse(String[] args) {
        int rounds = DEFAULT_ROUNDS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = wholeNumber("--rounds", args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        return new BenchOptions(rounds);
    }

    /** The value of a numeric option; shared by every bench's command line. */
    static int wholeNumber(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not " + value);
        }
    }
}
