package net.flydex.bench;

/** The command line of {@link PairingBench}: {@code [--signins N] [--pairings N]}. */
record PairingOptions(int signins, int pairings) {
    /** Timed sign-ins per path and email kind: enough that p99 is an observation, not a guess. */
    static final int DEFAULT_SIGNINS = 100;
    /** Ceremonies, each with a fresh helper: enough for a median, few enough to rerun on every change. */
    static final int DEFAULT_PAIRINGS = 5;
    /** Each sign-in source address is a loopback address 127.0.0.x, and there are only so many. */
    static final int MAX_SIGNINS = 2000;
    static final String USAGE = "usage: PairingBench [--signins N] [--pairings N]   (defaults " + DEFAULT_SIGNINS + " and "
            + DEFAULT_PAIRINGS + "; N sign-ins per email kind and path, at most " + MAX_SIGNINS + ")";

    PairingOptions {
        if (signins < 1 || signins > MAX_SIGNINS) {
            throw new IllegalArgumentException("--signins must be between 1 and " + MAX_SIGNINS);
        }
        if (pairings < 1) {
            throw new IllegalArgumentException("--pairings must be at least 1");
        }
    }

    static PairingOptions parse(String[] args) {
        int signins = DEFAULT_SIGNINS;
        int pairings = DEFAULT_PAIRINGS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--signins") && i + 1 < args.length) {
                signins = BenchOptions.wholeNumber("--signins", args[++i]);
            } else if (args[i].equals("--pairings") && i + 1 < args.length) {
                pairings = BenchOptions.wholeNumber("--pairings", args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        return new PairingOptions(signins, pairings);
    }
}
