package net.flydex.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** The relay figures as a person reads them: Markdown tables, each with how it was made and its goal. */
final class RelayReport {
    /** The relay may cost at most half again a bare WebSocket round trip, at the median. */
    static final double RATIO_GOAL = 1.5;
    /** And its p99 stays under a millisecond. */
    static final double P99_GOAL_MICROS = 1000;
    /** Issue 14: sealing may add at most this share to the relay round trip at p50. */
    static final double SEALING_GOAL = 0.10;
    /** An idle connection may hold at most this much of the server's memory. */
    static final double KIB_GOAL = 16;
    /** Classes listed in each heap-growth table. */
    static final int TOP_CLASSES = 12;
    private static final double KIB = 1024.0;
    private static final double MIB = 1024.0 * 1024.0;
    private static final String MICROS = "%.1f";
    private static final String MILLIS = "%.2f";
    /** Classes of the JDK itself; the rest name the library or FlyDex code that holds the memory. */
    private static final Predicate<String> JDK = name -> name.startsWith("[") || name.startsWith("java.") || name.startsWith("jdk.")
            || name.startsWith("sun.");

    /** The relay's round trips add the slowest one: a tail is the question there. */
    private static final List<ToDoubleFunction<Latencies>> FIGURES =
            List.of(Latencies::p50, Latencies::p90, Latencies::p99, Latencies::max, Latencies::mean);

    private RelayReport() {}

    static String latency(RelayLatency.Result result) {
        var table = new Table("path", "p50 µs", "p90 µs", "p99 µs", "max µs", "mean µs")
                .row(micros("relay, sealed: browser → server → helper → server → browser", result.relay()))
                .row(micros("relay, simulated helper in the bench JVM answering at once, clear", result.simulated()))
                .row(micros("relay, the same simulated helper, sealed end to end", result.simulatedSealed()))
                .row(micros("two-hop floor: browser → forwarder → echoing client → forwarder → browser", result.forward()))
                .row(micros("echo: browser → echo server → browser", result.echo()))
                .row(micros("bare two-hop floor: frames handled on Jetty's selector, blocking far end", result.bareForward()))
                .row(micros("bare echo: frames handled on Jetty's selector thread", result.bareEcho()))
                .row(Report.cells("relay − echo µs", FIGURES, figure -> "%+.1f".formatted(figure.applyAsDouble(result.relay())
                        - figure.applyAsDouble(result.echo()))))
                .row(Report.cells("ratio relay/echo", FIGURES, figure -> "%.2fx".formatted(result.ratio(figure))))
                .row(Report.cells("ratio relay/two-hop floor", FIGURES, figure -> "%.2fx".formatted(figure.applyAsDouble(result.relay())
                        / figure.applyAsDouble(result.forward()))))
                .row(Report.cells("ratio bare two-hop floor/echo", FIGURES, figure -> "%.2fx".formatted(figure.applyAsDouble(result.bareForward())
                        / figure.applyAsDouble(result.echo()))))
                .row(Report.cells("sealing adds (simulated sealed − clear) µs", FIGURES, figure -> "%+.1f".formatted(result.sealingCost(figure))));
        result.padded().ifPresent(padded -> table
                .row(micros("relay, the same simulated helper, clear, every frame padded to the sealed one's length", padded.latencies()))
                .row(Report.cells("of what sealing adds: the longer frames (padded − clear) µs", FIGURES,
                        figure -> "%+.1f".formatted(figure.applyAsDouble(padded.latencies()) - figure.applyAsDouble(result.simulated()))))
                .row(Report.cells("of what sealing adds: the sealing work (sealed − padded) µs", FIGURES,
                        figure -> "%+.1f".formatted(figure.applyAsDouble(result.simulatedSealed()) - figure.applyAsDouble(padded.latencies())))));
        double ratio = result.ratio(Latencies::p50);
        double p99 = result.relay().p99();
        double sealing = result.sealingCost(Latencies::p50);
        double clearRelay = result.relay().p50() - sealing;
        double share = sealing / clearRelay;
        return """
                1. Relay round trip: approvals/list, answered by the real helper itself (no Codex call), %d sequential calls per path
                   after warm-up passes of %d (at least %d s: past the server's first ping), in alternating blocks of %d
                   (the path going first rotates every block)
                   client: the JDK's java.net.http.WebSocket, one socket per path, timed from send to the reply taken off its queue
                   floors: Javalin/Jetty WebSockets on 127.0.0.1 (platform threads, as FlydexServer): an echo; and a forwarder passing
                   each frame to a JDK WebSocket client in the bench that dialled in (as a helper does) and sends it back
                   simulated helper: a second machine of the same account, paired by local connect; its /ws/agent client (JDK
                   WebSocket) answers approvals/list at once, so that row is the server's share without the helper's
                   bare floors: the same two shapes with nothing between socket and routing: a hand-written WebSocket whose frames
                   are handled on Jetty's selector thread (no dispatch), and as the far end a blocking socket read by one thread
                   frames: the same %d-char rpc frame on every path; the relay answers %d chars, the floors the frame itself
                   sealed: every rpc to the real helper is sealed (it refuses clear ones), so its clear round trip is gone; the
                   simulated helper answers the same rpc in clear and sealed (AgentSealing: the helper's protocol library, one session),
                   so the difference is sealing alone: the browser's seal and open, the relay routing by session, the helper's open and
                   seal (both simulated-helper browsers write each rpc as JSON inside the timed span and parse each arrival, written
                   back as text, before it is stamped, as a page does; the floors send a frame written beforehand and do not parse)

                %s
                Goal relay/echo <= %.1fx at p50: %s (%.2fx). Goal relay p99 < %.0f µs: %s (%.0f µs)
                Sealing adds %.1f µs at p50 (simulated helper: %.0f%% of its clear round trip); the real helper's clear round trip
                is then about %.1f µs (sealed p50 less what sealing adds), and sealing %.1f%% of it. Goal <= %.0f%%: %s
                This JVM's CPU (server, both browsers, simulated helper) per simulated round trip: clear %.1f µs, sealed %.1f µs
                (%+.1f µs, against %+.1f µs of mean round trip): sealing's extra time is %s
                JIT compiler threads' CPU during the %.1f s of timed rounds: helper JVM %.0f ms, bench JVM (server, floors, clients) %.0f ms
                In process, Accounts.find (one SQLite lookup by id), %d times: p50 %.1f µs, p99 %.1f µs; the relay makes three such
                lookups only on a socket's first rpc to a machine, and again after a revoke or billing change (Grants)
                In process, the sealed path's own steps (SealingSteps, with their JSON, no sockets), %d times: the browser seals the rpc
                p50 %.1f µs, the helper opens it %.1f, seals the answer %.1f, the browser opens it %.1f; all four p50 %.1f µs, p99 %.1f
                """.formatted(result.relay().count(), result.warmup(), RelayLatency.WARM_AT_LEAST.toSeconds(), RelayLatency.BLOCK, result.requestChars(),
                result.replyChars(), table.render(), RATIO_GOAL, ratio <= RATIO_GOAL ? "met" : "NOT met", ratio, P99_GOAL_MICROS,
                p99 < P99_GOAL_MICROS ? "met" : "NOT met", p99, sealing, 100 * sealing / result.simulated().p50(), clearRelay, 100 * share,
                100 * SEALING_GOAL, share <= SEALING_GOAL ? "met" : "NOT met", result.simulatedCpu(), result.simulatedSealedCpu(),
                result.simulatedSealedCpu() - result.simulatedCpu(), result.sealingCost(Latencies::mean),
                result.simulatedSealedCpu() - result.simulatedCpu() >= result.sealingCost(Latencies::mean) / 2 ? "mostly work" : "mostly waiting", result.jit().wall().toMillis() / 1000.0, result.jit().helper().millis(),
                result.jit().bench().millis(), result.lookup().count(), result.lookup().p50(), result.lookup().p99(),
                result.steps().all().count(), result.steps().deviceSeals().p50(), result.steps().helperOpens().p50(),
                result.steps().helperSeals().p50(), result.steps().deviceOpens().p50(), result.steps().all().p50(), result.steps().all().p99())
                + result.padded().map(padded -> frameControl(result, padded)).orElse("");
    }

    /** The frame-length control's reading: how much of sealing's p50 cost is the frames' length alone. */
    private static String frameControl(RelayLatency.Result result, RelayLatency.Padded padded) {
        double frames = padded.latencies().p50() - result.simulated().p50();
        double sealing = result.sealingCost(Latencies::p50);
        return """
                Frame-length control (--frame-control): the clear simulated path again, its rpc padded by %d characters (params.pad)
                and its answer by %d (result.pad), so all four frames are as long as the sealed path's, without sealing: the longer
                frames alone add %.1f µs at p50 (%.0f%% of the %.1f µs sealing adds), the sealing work (seal, open, base64url, the
                plaintext's JSON) the other %.1f µs
                """.formatted(padded.frames().rpcPad(), padded.frames().answerPad(), frames, 100 * frames / sealing, sealing, sealing - frames);
    }

    static String approvals(List<ApprovalTiming.Sample> samples, CardTiming.Result cards) {
        var table = new Table("span", "median ms", "min ms", "max ms");
        spreadRow(table, "turn/start sent -> approval card received", Spread.of(samples, ApprovalTiming.Sample::toCard));
        spreadRow(table, "turn/start sent -> its result received", Spread.of(samples, ApprovalTiming.Sample::turnAnswered));
        spreadRow(table, "turn/start sent -> approval created (helper's createdAt)", Spread.of(samples, ApprovalTiming.Sample::toCreated));
        spreadRow(table, "approval created -> card received (relay part)", Spread.of(samples, ApprovalTiming.Sample::relayed));
        Spread ahead = Spread.of(samples, ApprovalTiming.Sample::ahead);
        table.row("frames received after createdAt, ahead of the card", "%.0f".formatted(ahead.median()), "%.0f".formatted(ahead.min()),
                "%.0f".formatted(ahead.max()));
        var relayed = new Table("turn/start sent -> card received, simulated helper", "p50 µs", "p90 µs", "p99 µs", "max µs", "mean µs")
                .row(micros("clear", cards.clear()))
                .row(micros("sealed end to end", cards.sealed()))
                .row(Report.cells("sealing adds µs", FIGURES, figure -> "%+.1f".formatted(figure.applyAsDouble(cards.sealed())
                        - figure.applyAsDouble(cards.clear()))));
        return """
                2. Approval card: a "%s" turn on a fresh thread each time (approvalPolicy untrusted, sandbox workspace-write,
                   temporary cwd), %d runs after %d untimed; the browser is a device the helper trusts, subscribed on /ws/client,
                   its rpcs sealed and the card opened; each card is accepted and its turn awaited before the next. createdAt is the
                   helper's wall clock when Codex's request reached it; the bench's wall clock stamps arrival (same machine, same
                   clock), so the relay part is helper -> server -> browser

                %s
                   With and without sealing (the real helper refuses clear rpcs, so its clear card is gone): a simulated helper answers
                   turn/start at once with the turn and a %d-char command card, in clear and sealed end to end (AgentSealing), %d cards
                   per path after %d untimed, in alternating blocks of %d; timed from the send to the card (opened) off the queue

                %s
                Sealing adds %.1f µs to the card at p50, against a card that takes %.0f ms from turn/start with Codex (%.3f%%)
                """
                .formatted(ApprovalTiming.PROMPT, samples.size(), ApprovalTiming.WARMUP, table.render(), cards.cardChars(),
                        cards.sealed().count(), cards.warmup(), CardTiming.BLOCK, relayed.render(), cards.sealed().p50() - cards.clear().p50(),
                        Spread.of(samples, ApprovalTiming.Sample::toCard).median(),
                        100 * (cards.sealed().p50() - cards.clear().p50()) / 1000 / Spread.of(samples, ApprovalTiming.Sample::toCard).median());
    }

    static String fanOut(FanOutCpu.Result result) {
        var table = new Table("devices subscribed", "turns", "events per device", "helper CPU ms", "CPU per event µs",
                "CPU per event and device µs");
        for (FanOutCpu.Totals totals : List.of(result.one(), result.five())) {
            table.row(Integer.toString(totals.devices()), Integer.toString(totals.turns()), Long.toString(totals.events()),
                    "%.0f".formatted(totals.cpuMillis()), "%.1f".formatted(totals.cpuMicrosPerEvent()),
                    "%.1f".formatted(totals.cpuMicrosPerEvent() / totals.devices()));
        }
        double ratio = result.five().cpuMicrosPerEvent() / result.one().cpuMicrosPerEvent();
        return """
                4. Helper CPU per event, sealed for 1 and for %d subscribed devices: "SAY:" turns streaming %d characters (deltas of
                   %d), %d turns per block, after %d untimed blocks the two configurations in alternating blocks, each on a
                   fresh thread with fresh sockets;
                   the helper process's user + system CPU (/proc, 10 ms ticks) from before turn/start until every browser saw
                   turn/completed, over the events one browser received (all opened)

                %s
                %d devices cost %.2fx the helper CPU per event of 1 (%+.1f µs per event for %d more sessions)""".formatted(FanOutCpu.DEVICES,
                FanOutCpu.ANSWER_CHARS, net.flydex.testkit.PromptScript.DELTA_CHARS, FanOutCpu.BLOCK_TURNS, FanOutCpu.WARMUP_BLOCKS, table.render(),
                FanOutCpu.DEVICES,
                ratio, result.five().cpuMicrosPerEvent() - result.one().cpuMicrosPerEvent(), FanOutCpu.DEVICES - 1);
    }

    static String idle(IdleConnections.Result result) {
        List<IdleConnections.Stage> stages = result.stages();
        var table = new Table("server JVM, after a full GC", "live heap MiB", "RSS MiB", "RssAnon MiB", "direct buffers MiB");
        stages.forEach(stage -> table.row(stage.name(), "%.1f".formatted(stage.memory().heapBytes() / MIB),
                "%.1f".formatted(stage.memory().rss().totalMib()), "%.1f".formatted(stage.memory().rss().anonMib()),
                "%.1f".formatted(stage.memory().directBytes() / MIB)));
        List<ToDoubleFunction<ServerMemory>> figures = new ArrayList<>(List.of(m -> m.heapBytes() / KIB, m -> m.rss().totalMib() * KIB,
                m -> m.rss().anonMib() * KIB, m -> m.directBytes() / KIB));
        List<String> header = new ArrayList<>(List.of("KiB per connection", "live heap", "RSS", "RssAnon", "direct buffers"));
        if (result.heapPinned()) {
            figures.add(m -> m.heapBytes() / KIB + m.rss().totalMib() * KIB);
            header.add("live heap + RSS");
        }
        var perConnection = new Table(header.toArray(String[]::new));
        for (int i = 1; i < stages.size(); i++) {
            IdleConnections.Stage stage = stages.get(i);
            perConnection.row(kibRow("per " + (i == 1 ? "helper" : "browser"), figures, stages.get(i - 1), stage, stage.opened()));
        }
        int all = stages.stream().mapToInt(IdleConnections.Stage::opened).sum();
        perConnection.row(kibRow("per connection, both kinds", figures, stages.getFirst(), stages.getLast(), all));
        // Pinned: live heap + RSS, the last figure; otherwise the live heap alone, the first.
        ToDoubleFunction<ServerMemory> judgedFigure = result.heapPinned() ? figures.getLast() : figures.getFirst();
        double judged = (judgedFigure.applyAsDouble(stages.getLast().memory()) - judgedFigure.applyAsDouble(stages.getFirst().memory()))
                / all;
        String rssNote = result.heapPinned()
                ? "the heap is pinned (-Xms = -Xmx, AlwaysPreTouch): RSS growth is memory outside the Java heap, so the server's\n"
                        + "   cost per connection is live heap + RSS, which the goal is judged on"
                : "the heap is NOT pinned (run with -Xms = -Xmx and -XX:+AlwaysPreTouch): RSS includes the heap growing and\n"
                        + "   shrinking, so only the live heap is judged";
        return """
                3. Idle connections: one in-process FlydexServer on SQLite; %d simulated helpers, each paired by its own local connect
                   (%d accounts, %d machines each, within the local-connect start limit; accounts and sessions made in process),
                   welcomed on /ws/agent, then %d browsers, each with its own session, on /ws/client subscribed to one machine each;
                   all clients in a second JVM (JDK WebSocket), sockets to 127.0.0.1..%d in turn; each snapshot after %d s idle;
                   %s

                %s
                %s
                Goal <= %.0f KiB per connection: %s (%.1f KiB)

                Largest live-heap growth by class (GC.class_histogram), per connection:

                %s
                The same, library and FlyDex classes only (who holds it):

                %s
                All live-heap growth per connection, by whose classes the objects are (shallow sizes: a String a Jetty
                object keeps counts as JDK):

                %s""".formatted(result.connectionsPerKind(), result.accounts(), IdleConnections.MACHINES_PER_ACCOUNT,
                result.connectionsPerKind(), IdleConnections.HOSTS, IdleConnections.SETTLE.toSeconds(), rssNote, table.render(),
                perConnection.render(), KIB_GOAL, judged <= KIB_GOAL ? "met" : "NOT met", judged, classes(stages, name -> true),
                classes(stages, JDK.negate()), origins(stages));
    }

    /** The library, or FlyDex, a class comes from; arrays count as their element type's. */
    private static String origin(String name) {
        String element = name.replaceFirst("^\\[+", "").replaceFirst("^L(.*);$", "$1");
        for (String[] known : new String[][] {{"org.eclipse.jetty.", "Jetty"}, {"io.javalin.", "Javalin"},
                {"net.flydex.", "FlyDex"}, {"kotlin.", "Kotlin (Javalin's runtime)"}}) {
            if (element.startsWith(known[0])) {
                return known[1];
            }
        }
        return JDK.test(name) || element.length() == 1 ? "JDK (java.*, jdk.*, arrays of primitives)" : "other";
    }

    private static String origins(List<IdleConnections.Stage> stages) {
        Map<String, long[]> before = stages.getFirst().memory().histogram();
        Map<String, long[]> helpers = stages.get(1).memory().histogram();
        Map<String, long[]> browsers = stages.getLast().memory().histogram();
        Set<String> names = new HashSet<>(browsers.keySet());
        names.addAll(helpers.keySet());
        Map<String, double[]> byOrigin = new java.util.TreeMap<>();
        for (String name : names) {
            double[] sums = byOrigin.computeIfAbsent(origin(name), key -> new double[2]);
            sums[0] += (double) grown(before, helpers, name, 1) / stages.get(1).opened();
            sums[1] += (double) grown(helpers, browsers, name, 1) / stages.getLast().opened();
        }
        var table = new Table("classes of", "bytes per helper", "bytes per browser");
        byOrigin.forEach((origin, sums) ->
                table.row(origin, Long.toString(Math.round(sums[0])), Long.toString(Math.round(sums[1]))));
        return table.render();
    }

    private static String[] micros(String name, Latencies latencies) {
        return Report.cells(name, FIGURES, figure -> MICROS.formatted(figure.applyAsDouble(latencies)));
    }

    private static String[] kibRow(String name, List<ToDoubleFunction<ServerMemory>> figures, IdleConnections.Stage from,
            IdleConnections.Stage to, int connections) {
        String[] row = new String[figures.size() + 1];
        row[0] = name;
        for (int i = 0; i < figures.size(); i++) {
            double delta = figures.get(i).applyAsDouble(to.memory()) - figures.get(i).applyAsDouble(from.memory());
            row[i + 1] = "%.2f".formatted(delta / connections);
        }
        return row;
    }

    /** The classes whose live bytes grew most from the first snapshot to the last, split by stage. */
    private static String classes(List<IdleConnections.Stage> stages, Predicate<String> shown) {
        Map<String, long[]> before = stages.getFirst().memory().histogram();
        Map<String, long[]> helpers = stages.get(1).memory().histogram();
        Map<String, long[]> browsers = stages.getLast().memory().histogram();
        Set<String> names = new HashSet<>(browsers.keySet());
        names.addAll(helpers.keySet());
        int perHelper = stages.get(1).opened();
        int perBrowser = stages.getLast().opened();
        var table = new Table("class", "per helper: objects", "bytes", "per browser: objects", "bytes");
        names.stream()
                .filter(shown)
                .sorted(Comparator.comparingLong((String name) -> grown(before, browsers, name, 1)).reversed())
                .limit(TOP_CLASSES)
                .forEach(name -> table.row(name,
                        "%.2f".formatted((double) grown(before, helpers, name, 0) / perHelper),
                        "%.0f".formatted((double) grown(before, helpers, name, 1) / perHelper),
                        "%.2f".formatted((double) grown(helpers, browsers, name, 0) / perBrowser),
                        "%.0f".formatted((double) grown(helpers, browsers, name, 1) / perBrowser)));
        return table.render();
    }

    private static long grown(Map<String, long[]> from, Map<String, long[]> to, String name, int column) {
        return to.getOrDefault(name, new long[2])[column] - from.getOrDefault(name, new long[2])[column];
    }

    private static void spreadRow(Table table, String name, Spread spread) {
        table.row(name, MILLIS.formatted(spread.median()), MILLIS.formatted(spread.min()), MILLIS.formatted(spread.max()));
    }
}
