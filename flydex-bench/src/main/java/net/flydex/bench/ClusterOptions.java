package net.flydex.bench;

/** The command line of {@link ClusterBench}: {@code [--connections N] [--seconds S]}. */
record ClusterOptions(int connections, int seconds) {
    /** Helpers, and as many browsers: the figure the scale-out issue names. */
    static final int DEFAULT_CONNECTIONS = 5000;
    /** Measured seconds of load per setup, after as long a warm-up. */
    static final int DEFAULT_SECONDS = 20;
    static final int MAX_CONNECTIONS = 20_000;
    static final String USAGE = "usage: ClusterBench [--connections N] [--seconds S]   (defaults " + DEFAULT_CONNECTIONS + " helpers and as "
            + "many browsers, at most " + MAX_CONNECTIONS + "; " + DEFAULT_SECONDS + " measured seconds per setup)";

    ClusterOptions {
        if (connections < 2 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("--connections must be between 2 and " + MAX_CONNECTIONS);
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("--seconds must be at least 1");
        }
    }

    static ClusterOptions parse(String[] args) {
        int connections = DEFAULT_CONNECTIONS;
        int seconds = DEFAULT_SECONDS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--connections") && i + 1 < args.length) {
                connections = BenchOptions.wholeNumber("--connections", args[++i]);
            } else if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = BenchOptions.wholeNumber("--seconds", args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        return new ClusterOptions(connections, seconds);
    }
}
