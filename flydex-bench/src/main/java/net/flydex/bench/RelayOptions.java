package net.flydex.bench;

/**
 * The command line of {@link RelayBench}: {@code [--rounds N] [--warmup N] [--approvals N] [--connections N] [--sections 1,2,3,4]
 * [--frame-control]}.
 *
 * @param frameControl section 1 also times a clear path whose frames are as long as the sealed ones ({@link PaddedFrames});
 *     off by default, so runs stay comparable with builds that lack it (an eighth path changes every path's spacing)
 */
record RelayOptions(int rounds, int warmup, int approvals, int connections, java.util.Set<Integer> sections, boolean frameControl) {
    /** Timed round trips per path: enough that p99 rests on a hundred observations. */
    static final int DEFAULT_ROUNDS = 10_000;
    /**
     * Untimed round trips per path first, so server, helper and client run JIT-compiled code, as a
     * helper does after its first minutes; repeated until {@link RelayLatency#WARM_AT_LEAST} has
     * passed. The helper's JVM sees only its own path's calls: after 5000, with no pass past the
     * first server ping, its C2 compiler used a core for about a tenth of the timed rounds and the
     * rpcs it delayed made a p99 of 0.9-1.4 ms (the report prints the compilers' CPU during the
     * timed rounds to show it).
     */
    static final int DEFAULT_WARMUP = 10_000;
    /** Approval cards timed, each a full scripted turn of about a second. */
    static final int DEFAULT_APPROVALS = 20;
    /** Idle helpers, and as many idle browsers. */
    static final int DEFAULT_CONNECTIONS = 5000;
    /** Keeps a run within minutes; the file-descriptor limit is checked against the actual figure at run time. */
    static final int MAX_CONNECTIONS = 20_000;
    /** Every section: 1 round trips, 2 approval cards, 3 idle connections, 4 the helper's CPU per event for 1 and 5 devices. */
    static final java.util.Set<Integer> ALL_SECTIONS = java.util.Set.of(1, 2, 3, 4);
    static final String USAGE = "usage: RelayBench [--rounds N] [--warmup N] [--approvals N] [--connections N] [--sections LIST]   (defaults "
            + DEFAULT_ROUNDS + ", " + DEFAULT_WARMUP + ", " + DEFAULT_APPROVALS + " and " + DEFAULT_CONNECTIONS + "; connections: helpers, and as many browsers,"
            + " at most " + MAX_CONNECTIONS + "; sections: a comma-separated subset of 1,2,3,4, all by default) [--frame-control]";

    RelayOptions {
        if (rounds < 1 || approvals < 1) {
            throw new IllegalArgumentException("--rounds and --approvals must be at least 1");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("--connections must be between 1 and " + MAX_CONNECTIONS);
        }
        if (sections.isEmpty() || !ALL_SECTIONS.containsAll(sections)) {
            throw new IllegalArgumentException("--sections must list some of 1, 2, 3 and 4");
        }
        sections = java.util.Set.copyOf(sections);
    }

    static RelayOptions parse(String[] args) {
        int rounds = DEFAULT_ROUNDS;
        int warmup = DEFAULT_WARMUP;
        int approvals = DEFAULT_APPROVALS;
        int connections = DEFAULT_CONNECTIONS;
        java.util.Set<Integer> sections = ALL_SECTIONS;
        boolean frameControl = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = BenchOptions.wholeNumber("--rounds", args[++i]);
            } else if (args[i].equals("--warmup") && i + 1 < args.length) {
                warmup = BenchOptions.wholeNumber("--warmup", args[++i]);
            } else if (args[i].equals("--approvals") && i + 1 < args.length) {
                approvals = BenchOptions.wholeNumber("--approvals", args[++i]);
            } else if (args[i].equals("--connections") && i + 1 < args.length) {
                connections = BenchOptions.wholeNumber("--connections", args[++i]);
            } else if (args[i].equals("--sections") && i + 1 < args.length) {
                String list = args[++i];
                sections = java.util.Arrays.stream(list.split(",")).map(section -> BenchOptions.wholeNumber("--sections", section.strip()))
                        .collect(java.util.stream.Collectors.toSet());
            } else if (args[i].equals("--frame-control")) {
                frameControl = true;
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        return new RelayOptions(rounds, warmup, approvals, connections, sections, frameControl);
    }
}
