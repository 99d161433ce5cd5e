package net.flydex.bench;

import net.flydex.testkit.SharedCodex;

/**
 * Measures the relay and prints the figures for {@code docs/benchmarks.md}: a browser's rpc round
 * trip through the control plane to the real helper and back, sealed end to end, against a bare
 * WebSocket echo and with what sealing adds; the time from Codex asking for approval to the card
 * reaching the browser, and a card's relay with and without sealing; what idle helper and browser
 * connections cost the server in memory, with the clients in a second JVM; and the helper's CPU
 * per event sealed for 1 and for 5 devices.
 * Run it from the repository root, after {@code ./mvnw install}; the command is in the docs.
 * Progress goes to stderr, the report to stdout.
 */
public final class RelayBench {
    private RelayBench() {}

    public static void main(String[] args) {
        RelayOptions options = BenchSetup.prepare(args, RelayOptions::parse, RelayOptions.USAGE);

        System.err.println("installing or finding the pinned Codex, starting the scripted model...");
        SharedCodex codex = SharedCodex.get();
        try (var work = TempDir.create("flydex-relay-bench-");
                var plane = ControlPlane.start(work.path().resolve("server"))) {
            var report = new java.util.ArrayList<String>();
            if (options.sections().contains(1) || options.sections().contains(2) || options.sections().contains(4)) {
                System.err.println("pairing a helper through local connect...");
                try (var desktop = RelayDesktop.pair(codex, plane, work.path().resolve("desktop"))) {
                    if (options.sections().contains(1)) {
                        System.err.println("1. timing " + options.rounds() + " approvals/list round trips per path...");
                        report.add(RelayReport.latency(RelayLatency.run(plane, desktop, options.rounds(), options.warmup(), options.frameControl())));
                    }
                    if (options.sections().contains(2)) {
                        System.err.println("2. timing " + options.approvals() + " approval cards, then " + CardTiming.ROUNDS
                                + " simulated cards per path...");
                        var samples = ApprovalTiming.run(plane, desktop, work.path().resolve("turns"), options.approvals());
                        report.add(RelayReport.approvals(samples, CardTiming.run(plane, desktop.ownerToken, CardTiming.ROUNDS,
                                CardTiming.ROUNDS)));
                    }
                    if (options.sections().contains(4)) {
                        System.err.println("4. helper CPU per event, " + FanOutCpu.DEVICES + " devices against 1...");
                        report.add(RelayReport.fanOut(FanOutCpu.run(plane, desktop, work.path().resolve("fan-out"), FanOutCpu.BLOCKS)));
                    }
                }
            }
            if (options.sections().contains(3)) {
                System.err.println("3. holding " + options.connections() + " idle helpers and as many browsers...");
                report.add(RelayReport.idle(IdleConnections.run(plane, work.path(), options.connections())));
            }
            System.out.println(BenchSetup.header("relay", codex) + "\n\n" + String.join("\n", report));
        } finally {
            codex.model().close();
        }
    }
}
