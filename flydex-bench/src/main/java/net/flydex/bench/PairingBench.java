package net.flydex.bench;

import net.flydex.testkit.SharedCodex;

/**
 * Measures what signing in and pairing cost and prints the figures for {@code docs/benchmarks.md}:
 * Argon2id per hash, sign-in latency through a real control-plane node, and the first-pairing
 * ceremony end to end against real helper processes and the real pinned Codex.
 * Run it from the repository root, after {@code ./mvnw install}; the command is in the docs.
 * Progress goes to stderr, the report to stdout.
 */
public final class PairingBench {
    private PairingBench() {}

    public static void main(String[] args) {
        PairingOptions options = BenchSetup.prepare(args, PairingOptions::parse, PairingOptions.USAGE);

        System.err.println("1. timing Argon2id hashes and verifies...");
        var argon2 = Argon2Bench.run();
        System.err.println("installing or finding the pinned Codex, starting the scripted model...");
        SharedCodex codex = SharedCodex.get();
        try (var work = TempDir.create("flydex-pairing-bench-");
                var plane = ControlPlane.start(work.path().resolve("server"))) {
            System.err.println("2. timing " + options.signins() + " sign-ins per email kind, over HTTP and in process...");
            SigninResult signin = SigninBench.run(plane, options.signins());
            System.err.println("3. pairing " + options.pairings() + " fresh helpers...");
            var pairing = PairingRuns.run(codex, BenchSetup.HELPER_JAR.toAbsolutePath(), plane, work.path(), options.pairings());
            System.out.println(BenchSetup.header("sign-in and pairing", codex) + "\n\n" + PairingReport.argon2(argon2) + "\n"
                    + PairingReport.signin(signin) + "\n" + PairingReport.pairing(pairing));
        } finally {
            codex.model().close();
        }
    }
}
