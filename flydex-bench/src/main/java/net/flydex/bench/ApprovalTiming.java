package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.PushBrowser;
import net.flydex.testkit.PushDelivery;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Section 2: from a browser's {@code turn/start} to the approval card on its screen, sealed end to
 * end (the browser is a device the helper trusts; its rpcs are sealed, the card opened). Each
 * repetition starts a fresh thread ({@code approvalPolicy} untrusted, {@code sandbox}
 * workspace-write, a temporary cwd), sends a turn whose prompt makes the scripted model run a
 * command, and waits on a subscribed {@code /ws/client} for the {@code approval} frame. The card
 * is then accepted and the turn awaited, so the next repetition starts on an idle Codex. With a
 * subscribed push device ({@link PushBench}), each approval's push is awaited too, and its
 * resolution push drained before the next repetition.
 */
final class ApprovalTiming {
    /** The scripted model answers "CMD: x" with a shell call of x, which the untrusted policy sends for approval. */
    static final String PROMPT = "CMD: echo x";
    /** Untimed repetitions first. */
    static final int WARMUP = 2;
    /** A scripted turn takes about a second; this bounds a hung Codex only. */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final double NANOS_PER_MILLI = 1_000_000.0;
    private static final double MICROS_PER_MILLI = 1_000.0;

    /**
     * One repetition, in milliseconds.
     *
     * @param toCard turn/start sent → approval frame received (the browser's clock)
     * @param turnAnswered turn/start sent → its result frame received
     * @param toCreated turn/start sent (bench's wall clock) → approval created (helper's wall clock, its {@code createdAt}):
     *     the relay's forward of the rpc, Codex and the model
     * @param relayed approval created (helper) → approval frame received (bench): helper → server → browser
     * @param ahead frames the browser received after the approval was created and before its card: the queue in front of it
     * @param pushed approval created (helper) → the push service accepted its encrypted push (bench); NaN without a push device
     */
    record Sample(double toCard, double turnAnswered, double toCreated, double relayed, int ahead, double pushed) {}

    private ApprovalTiming() {}

    static List<Sample> run(ControlPlane plane, RelayDesktop desktop, Path work, int repetitions) {
        return run(plane, desktop, work, repetitions, Optional.empty());
    }

    /** As {@link #run(ControlPlane, RelayDesktop, Path, int)}, also timing each approval's push to {@code device}. */
    static List<Sample> run(ControlPlane plane, RelayDesktop desktop, Path work, int repetitions, Optional<PushBrowser> device) {
        var samples = new ArrayList<Sample>();
        try (var browser = desktop.browser(plane, desktop.device)) {
            var rpc = new Rpcs(browser, desktop.machineId);
            for (int rep = -WARMUP; rep < repetitions; rep++) {
                Sample sample = once(rpc, directory(work.resolve("approval-" + (rep + WARMUP))), rep + WARMUP, device);
                System.err.printf("   approval %s: card after %.1f ms, relayed in %.2f ms behind %d frames%n",
                        rep < 0 ? "warm-up" : (rep + 1) + "/" + repetitions, sample.toCard(), sample.relayed(), sample.ahead());
                if (rep >= 0) {
                    samples.add(sample);
                }
            }
        }
        return samples;
    }

    private static Sample once(Rpcs rpc, Path cwd, int rep, Optional<PushBrowser> device) {
        ObjectNode start = WireJson.mapper().createObjectNode().put("cwd", cwd.toString()).put("approvalPolicy", "untrusted")
                .put("sandbox", "workspace-write");
        String thread = rpc.call("thread/start", start).path("result").path("thread").path("id").asString();
        ObjectNode turn = WireJson.mapper().createObjectNode().put("threadId", thread);
        turn.putArray("input").addObject().put("type", "text").put("text", PROMPT);

        String turnId = rpc.nextId();
        Instant sentWall = Instant.now();
        long sent = System.nanoTime();
        rpc.socket.sendRpc(turnId, rpc.machineId, "turn/start", turn);
        Optional<TimedSocket.Arrival> answered = Optional.empty();
        TimedSocket.Arrival card = null;
        var before = new ArrayList<Instant>();
        long deadline = sent + LIMIT.toNanos();
        while (card == null || answered.isEmpty()) {
            TimedSocket.Arrival arrival = rpc.socket.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            JsonNode frame = arrival.json();
            String type = frame.path("type").asString("");
            if (frame.path("id").asString("").equals(turnId)) {
                if (!type.equals("result")) {
                    throw new IllegalStateException("turn/start answered " + frame);
                }
                answered = Optional.of(arrival);
            } else if (type.equals("approval") && frame.path("approval").path("threadId").asString("").equals(thread)) {
                card = arrival;
            }
            if (card == null) {
                before.add(arrival.wall());
            }
        }
        JsonNode approval = card.json().path("approval");
        Instant created = instant(approval.path("createdAt"));
        int ahead = (int) before.stream().filter(wall -> wall.isAfter(created)).count();

        ObjectNode respond = WireJson.mapper().createObjectNode().put("approvalId", approval.path("approvalId").asString())
                .put("decision", "accept").put("idempotencyKey", "bench-" + rep);
        // The answer and the turn's end are awaited together, so neither is dropped while waiting for the other.
        String respondId = rpc.nextId();
        rpc.socket.sendRpc(respondId, rpc.machineId, "approval/respond", respond);
        boolean accepted = false;
        JsonNode completed = null;
        deadline = System.nanoTime() + LIMIT.toNanos();
        while (!accepted || completed == null) {
            JsonNode frame = rpc.socket.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).json();
            if (frame.path("id").asString("").equals(respondId)) {
                if (!frame.path("result").path("decision").asString("").equals("accept")) {
                    throw new IllegalStateException("approval/respond answered " + frame);
                }
                accepted = true;
            } else if (frame.path("type").asString("").equals("event") && frame.path("method").asString("").equals("turn/completed")
                    && frame.path("params").path("threadId").asString("").equals(thread)) {
                completed = frame;
            }
        }
        if (!completed.path("params").path("turn").path("status").asString("").equals("completed")) {
            throw new IllegalStateException("the turn did not complete: " + completed);
        }
        double pushed = device.map(phone -> {
            // The approval's push and its resolution's, in whichever order the two send threads delivered them.
            List<PushDelivery> both = List.of(push(phone), push(phone));
            PushDelivery push = both.stream().filter(p -> p.payload().orElseThrow().path("type").asString("").equals("approval")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no approval push among " + both));
            if (!push.payload().orElseThrow().path("approvalId").asString("").equals(approval.path("approvalId").asString())) {
                throw new IllegalStateException("the push was for another approval: " + push.payload());
            }
            return micros(created, push.receivedAt()) / MICROS_PER_MILLI;
        }).orElse(Double.NaN);
        return new Sample((card.nanos() - sent) / NANOS_PER_MILLI, (answered.get().nanos() - sent) / NANOS_PER_MILLI,
                micros(sentWall, created) / MICROS_PER_MILLI, micros(created, card.wall()) / MICROS_PER_MILLI, ahead, pushed);
    }

    /** The device's next push, which must have been accepted. */
    private static PushDelivery push(PushBrowser device) {
        try {
            PushDelivery push = device.next(LIMIT);
            if (push == null || !push.accepted()) {
                throw new IllegalStateException("expected an accepted push, got " + push);
            }
            return push;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double micros(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / MICROS_PER_MILLI;
    }

    /** ISO-8601 as the helper writes it; epoch seconds, should a mapper write numbers. */
    private static Instant instant(JsonNode at) {
        if (at.isNumber()) {
            return Instant.ofEpochSecond(0, Math.round(at.asDouble() * 1e9));
        }
        return Instant.parse(at.asString());
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Numbered rpcs on one browser socket, each awaited to its result. */
    private static final class Rpcs {
        private final TimedSocket socket;
        private final String machineId;
        private int next;

        Rpcs(TimedSocket socket, String machineId) {
            this.socket = socket;
            this.machineId = machineId;
        }

        String nextId() {
            return "a" + next++;
        }

        JsonNode call(String method, JsonNode params) {
            String id = nextId();
            socket.sendRpc(id, machineId, method, params);
            JsonNode answer = socket.await(f -> f.path("id").asString("").equals(id)
                    && (f.path("type").asString("").equals("result") || f.path("type").asString("").equals("error")), LIMIT).json();
            if (!answer.path("type").asString("").equals("result")) {
                throw new IllegalStateException(method + " answered " + answer);
            }
            return answer;
        }
    }
}
