package net.flydex.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.server.push.PushSettings;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import net.flydex.testkit.SharedCodex;

/**
 * Measures Web Push against the approval card, in one run on loopback: for each of N approvals
 * from the real Codex (scripted model) through the real helper, the time from the helper seeing
 * Codex's request (the card's {@code createdAt}) to the card on a subscribed {@code /ws/client},
 * and to a loopback push service (the testkit's, which checks the VAPID signature and decrypts
 * like a real one) accepting the encrypted push for the account's one device. The goal: the push
 * leaves the control plane within 50 ms p99 of the helper seeing the request.
 * Usage: {@code PushBench [--approvals N]} (default 200). Progress to stderr, the report to stdout.
 */
public final class PushBench {
    static final int DEFAULT_APPROVALS = 200;
    /** The goal set in issue 13. */
    static final double GOAL_P99_MS = 50;
    private static final double MICROS_PER_MILLI = 1_000.0;
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private PushBench() {}

    public static void main(String[] args) {
        int approvals = BenchSetup.prepare(args, PushBench::approvals, "usage: PushBench [--approvals N]   (default " + DEFAULT_APPROVALS + ")");
        System.err.println("installing or finding the pinned Codex, starting the scripted model...");
        SharedCodex codex = SharedCodex.get();
        try (var work = TempDir.create("flydex-push-bench-");
                var push = FakePushService.start();
                var plane = ControlPlane.start(work.path().resolve("server"), new PushSettings(List.of(push.prefix()), Optional.empty()))) {
            System.err.println("pairing a helper through local connect...");
            try (var desktop = RelayDesktop.pair(codex, plane, work.path().resolve("desktop"))) {
                PushBrowser phone = push.newBrowser();
                ApiClient owner = new ApiClient(plane.url.resolve("/")).withBearer(desktop.ownerToken);
                Answers.expect(owner.post("/api/push/subscriptions", phone.subscription(desktop.device.deviceId())), 201, "push subscription");
                System.err.println("timing " + approvals + " approvals: card and push...");
                List<ApprovalTiming.Sample> samples = ApprovalTiming.run(plane, desktop, work.path().resolve("turns"), approvals,
                        Optional.of(phone));
                System.out.println(BenchSetup.header("push", codex) + "\n\n" + report(samples));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            codex.model().close();
        }
    }

    static String report(List<ApprovalTiming.Sample> samples) {
        Latencies card = Latencies.of(nanos(samples, ApprovalTiming.Sample::relayed));
        Latencies push = Latencies.of(nanos(samples, ApprovalTiming.Sample::pushed));
        var table = new Table("from the helper seeing Codex's request to", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms");
        row(table, "the card on an open /ws/client (baseline)", card);
        row(table, "the push service accepting the encrypted push", push);
        return """
                Push: %d approvals from "%s" turns (fresh thread each, approvalPolicy untrusted), after %d untimed; one browser
                subscribed on /ws/client and one push device (aes128gcm, VAPID ES256) on a loopback push service; each approval is
                accepted and its turn and its approvalResolved push awaited before the next. createdAt is the helper's wall clock
                when Codex's request reached it; arrivals are stamped by the bench's wall clock (same machine).

                %s
                push / card: p50 %.1fx, p99 %.1fx; push p99 %.1f ms against the goal of %.0f ms: %s""".formatted(samples.size(),
                ApprovalTiming.PROMPT, ApprovalTiming.WARMUP, table.render(), push.p50() / card.p50(), push.p99() / card.p99(),
                push.p99() / MICROS_PER_MILLI, GOAL_P99_MS, push.p99() / MICROS_PER_MILLI <= GOAL_P99_MS ? "met" : "NOT met");
    }

    private static void row(Table table, String name, Latencies l) {
        table.row(name, ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.max()), ms(l.mean()));
    }

    private static String ms(double micros) {
        return "%.2f".formatted(micros / MICROS_PER_MILLI);
    }

    private static long[] nanos(List<ApprovalTiming.Sample> samples, java.util.function.ToDoubleFunction<ApprovalTiming.Sample> millis) {
        return samples.stream().mapToLong(s -> Math.round(millis.applyAsDouble(s) * NANOS_PER_MILLI)).toArray();
    }

    private static int approvals(String[] args) {
        if (args.length == 0) {
            return DEFAULT_APPROVALS;
        }
        if (args.length == 2 && args[0].equals("--approvals")) {
            int n = BenchOptions.wholeNumber("--approvals", args[1]);
            if (n < 1) {
                throw new IllegalArgumentException("--approvals must be at least 1");
            }
            return n;
        }
        throw new IllegalArgumentException("unknown arguments");
    }
}
