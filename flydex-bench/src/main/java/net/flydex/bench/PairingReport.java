package net.flydex.bench;

import java.util.List;
import net.flydex.server.security.PasswordHasher;

/** The sign-in and pairing figures as a person reads them: three Markdown tables, each with how it was made. */
final class PairingReport {
    private static final double MICROS_PER_MILLI = 1000.0;
    private static final String MILLIS = "%.1f";
    private static final String RATIO = "%.2fx";
    private static final double PERCENT = 100.0;
    /** Above this share of the total, one step is what a person waits for. */
    private static final double DOMINANT = 0.5;

    private PairingReport() {}

    static String argon2(List<Argon2Cost> costs) {
        var table = new Table("Argon2id parameters", "setting", "hash p50 ms", "hash p90 ms", "verify p50 ms", "verify p90 ms",
                "verifies/s per core");
        costs.forEach(cost -> table.row(cost.setting().label(), cost.setting().note(),
                millis(cost.hash().p50()), millis(cost.hash().p90()), millis(cost.verify().p50()), millis(cost.verify().p90()),
                "%.1f".formatted(cost.verifiesPerCoreSecond())));
        return """
                1. Argon2id cost: PasswordHasher (Bouncy Castle, one thread) hash and verify, %d of each per row after %d warm-up rounds,
                   the rows taking turns in every round; verifies/s per core = 1000 / verify p50

                %s""".formatted(Argon2Bench.ROUNDS, Argon2Bench.WARMUP, table.render());
    }

    static String signin(SigninResult result) {
        var table = new Table("sign-in path", "p50 ms", "p90 ms", "p99 ms", "mean ms");
        latencyRows(table, "HTTP", result.http());
        latencyRows(table, "in-process", result.inProcess());
        table.row(Report.cells("HTTP floor: GET /healthz", figure -> millis(figure.applyAsDouble(result.httpFloor()))));
        PasswordHasher.Parameters p = PasswordHasher.DEFAULT;
        return """
                2. Sign-in at PasswordHasher.DEFAULT (m=%d KiB, t=%d, p=%d), in-process FlydexServer on SQLite,
                   %d sequential sign-ins per row after %d warm-up pairs, known (200) and unknown (401) emails alternating
                   HTTP: POST /api/auth/signin end to end (Origin, JSON, both rate limits, Argon2, session rows, audit, cookies);
                     the 20-per-IP limit is respected, not raised: each %d sign-ins leave from the next loopback source
                     address (127.0.0.2 onwards, %d in all), and no account takes more than %d (%d accounts)
                   in-process: Accounts.signin, then Sessions.create for a known email, and the audit record, called directly
                   HTTP floor: as many GET /healthz (a route doing nothing) with the same client, for what HTTP alone costs here

                %s""".formatted(p.memoryKib(), p.iterations(), p.parallelism(), result.http().known().count(),
                SigninBench.WARMUP_PAIRS, SigninBench.SIGNIN_PER_IP, result.sourceAddresses(), SigninBench.SIGNIN_PER_EMAIL,
                result.accounts(), table.render());
    }

    static String pairing(List<CeremonyTimes> runs) {
        var table = new Table("step", "median ms", "min ms", "max ms");
        for (CeremonyStep step : CeremonyStep.values()) {
            spreadRow(table, step.label(), Spread.of(runs, t -> t.step(step)));
        }
        Spread total = Spread.of(runs, CeremonyTimes::total);
        spreadRow(table, "total (1-8)", total);
        for (HelperPhase phase : HelperPhase.values()) {
            spreadRow(table, phase.label(), Spread.of(runs, t -> t.phase(phase)));
        }
        double share = Spread.of(runs, t -> t.step(CeremonyStep.READY)).median() / total.median();
        return """
                3. Pairing ceremony end to end: %d runs after %d untimed, each with a fresh helper (private Codex, fresh state
                   and Codex home) running, its Codex ready, before the clock starts; the desktop page polls its local connect
                   every %d ms. The helper rows come from the server's local-connect history (wall clock, ms): a status's
                   time is when the helper's report of it reached the server.

                %s
                Step 8 (finalize -> codex_ready seen) is %.0f%% of the median total%s
                """.formatted(runs.size(), PairingRuns.WARMUP, PairingCeremony.POLL.toMillis(), table.render(), share * PERCENT,
                share > DOMINANT ? ": it dominates. The helper learns of the finalize only from its next\n"
                        + "awaiting_browser_finalize report, sent once a second (ConnectFlow.FINALIZE_POLL)." : ".");
    }

    private static void latencyRows(Table table, String path, SigninLatencies latencies) {
        table.row(Report.cells(path + ", known email", figure -> millis(figure.applyAsDouble(latencies.known()))))
                .row(Report.cells(path + ", unknown email", figure -> millis(figure.applyAsDouble(latencies.unknown()))))
                .row(Report.cells(path + ", ratio unknown/known", figure -> RATIO.formatted(latencies.ratio(figure))));
    }

    private static void spreadRow(Table table, String name, Spread spread) {
        table.row(name, MILLIS.formatted(spread.median()), MILLIS.formatted(spread.min()), MILLIS.formatted(spread.max()));
    }

    /** Latencies hold microseconds; the sign-in figures read better in milliseconds. */
    private static String millis(double micros) {
        return MILLIS.formatted(micros / MICROS_PER_MILLI);
    }
}
