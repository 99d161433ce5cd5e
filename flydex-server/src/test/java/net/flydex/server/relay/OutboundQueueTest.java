package net.flydex.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import net.flydex.protocol.Limits;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OutboundQueueTest {
    /** Long enough for writes to complete on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The healthy browser gets one frame in this many, well within its bounds. */
    private static final int HEALTHY_EVERY = 8;

    @Test
    void aLaggingBrowsersDeltasAreMergedKeepingTheWholeTextInOrder() throws Exception {
        var sink = new GatedSink();
        OutboundQueue queue = new OutboundQueue(sink);
        for (int i = 0; i <= OutboundQueue.LAGGING_FRAMES; i++) {
            queue.offer(Outgoing.of(plain(i)));
        }
        var expected = new LinkedHashMap<String, StringBuilder>();
        int deltas = 0;
        for (String item : new String[] {"msg_a", "msg_b", "msg_a"}) {
            for (int i = 0; i < 2 * OutboundQueue.MAX_FRAMES; i++, deltas++) {
                String piece = item + "-" + i + "\n\"é\" ";
                expected.computeIfAbsent(item, key -> new StringBuilder()).append(piece);
                queue.offer(delta(item, piece));
            }
        }
        queue.offer(Outgoing.of(plain(-1)));

        sink.open();
        List<JsonNode> sent = sink.takeUntil(plain(-1));

        var received = new LinkedHashMap<String, StringBuilder>();
        sent.stream().filter(frame -> frame.path("method").asString("").equals(Outgoing.AGENT_MESSAGE_DELTA)).forEach(frame -> {
            assertThat(frame.path("machineId").asString()).isEqualTo("mch_1");
            received.computeIfAbsent(frame.path("params").path("itemId").asString(), key -> new StringBuilder())
                    .append(frame.path("params").path("delta").asString());
        });
        assertThat(received.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((item, text) -> assertThat(received.get(item).toString()).isEqualTo(text.toString()));
        assertThat(sent.size()).as("merged, not one frame each").isLessThan(OutboundQueue.LAGGING_FRAMES + 10);
        assertThat(sent.stream().filter(frame -> frame.has("n")).map(frame -> frame.path("n").asInt()).toList())
                .as("other frames untouched, in order").isEqualTo(numbers());
        assertThat(sink.closed).isNotDone();
    }

    @Test
    void deltasAreSentOneByOneWhileTheBrowserKeepsUp() throws Exception {
        var sink = new GatedSink();
        sink.open();
        OutboundQueue queue = new OutboundQueue(sink);

        queue.offer(delta("msg_a", "Hel"));
        queue.offer(delta("msg_a", "lo"));
        queue.offer(Outgoing.of(plain(-1)));

        assertThat(sink.takeUntil(plain(-1))).extracting(frame -> frame.path("params").path("delta").asString())
                .containsExactly("Hel", "lo", "");
    }

    @Test
    void writesCompletingOnOtherThreadsKeepEachSendersOrderOneWriteAtATime() throws Exception {
        var sink = new AsyncSink();
        var queue = new OutboundQueue(sink);
        int senders = 4;
        int each = OutboundQueue.MAX_FRAMES / senders / 2; // Within the bounds even if no write completed meanwhile.
        var started = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = IntStream.range(0, senders).mapToObj(sender -> Thread.ofPlatform().start(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < each; i++) {
                queue.offer(Outgoing.of(plain(i).put("sender", sender)));
            }
        })).toList();
        started.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        List<JsonNode> sent = sink.gate.take(senders * each);
        for (int sender = 0; sender < senders; sender++) {
            int from = sender;
            assertThat(sent.stream().filter(frame -> frame.path("sender").asInt() == from).map(frame -> frame.path("n").asInt()).toList())
                    .as("sender " + sender + "'s frames, in order").isEqualTo(IntStream.range(0, each).boxed().toList());
        }
        assertThat(sink.gate.closed).isNotDone();
        sink.executor.shutdown();
    }

    @Test
    void aBrowserPastTheBoundsIsClosedAsTooSlow() throws Exception {
        var byCount = new GatedSink();
        OutboundQueue queue = new OutboundQueue(byCount);
        for (int i = 0; i <= OutboundQueue.MAX_FRAMES + 1; i++) {
            queue.offer(Outgoing.of(plain(i)));
        }
        assertThat(byCount.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ClientClose.TOO_SLOW);
        assertThat(queue.isOpen()).isFalse();

        var bySize = new GatedSink();
        OutboundQueue big = new OutboundQueue(bySize);
        String megabyte = "x".repeat(Limits.MAX_FRAME_BYTES - 100);
        for (int i = 0; i < 10; i++) {
            big.offer(Outgoing.of(WireJson.mapper().createObjectNode().put("type", "result").put("pad", megabyte)));
        }
        assertThat(bySize.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ClientClose.TOO_SLOW);

        bySize.open();
        assertThat(bySize.sent).as("only the frame already handed to the socket; what was queued is dropped, not written").hasSize(1);
    }

    @Test
    void sealedFramesAreNeverMergedNorDroppedAndAnOverflowHoldingThemClosesAsSealedTooSlow() throws Exception {
        var sink = new GatedSink();
        OutboundQueue queue = new OutboundQueue(sink);
        for (int i = 0; i <= OutboundQueue.LAGGING_FRAMES; i++) {
            queue.offer(Outgoing.sealed(plain(i).toString()));
        }
        for (int i = 0; i < 10; i++) {
            queue.offer(Outgoing.sealed(delta("msg_a", "x").text()));
        }
        queue.offer(Outgoing.of(plain(-1)));
        sink.open();
        List<JsonNode> sent = sink.takeUntil(plain(-1));
        assertThat(sent).as("every sealed frame as it came, even past the lagging mark").hasSize(OutboundQueue.LAGGING_FRAMES + 1 + 10 + 1);

        var stalled = new GatedSink();
        OutboundQueue full = new OutboundQueue(stalled);
        full.offer(Outgoing.of(plain(0))); // handed to the stalled socket at once: not queued
        full.offer(Outgoing.sealed(plain(1).toString()));
        for (int i = 2; i <= OutboundQueue.MAX_FRAMES + 2; i++) {
            full.offer(Outgoing.of(plain(i)));
        }
        assertThat(stalled.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ClientClose.SEALED_TOO_SLOW);
    }

    @Test
    void aStalledBrowserHoldsUpNeitherTheSenderNorAnotherBrowser() throws Exception {
        var stalled = new GatedSink();
        var healthy = new GatedSink();
        healthy.open();
        OutboundQueue stuck = new OutboundQueue(stalled);
        OutboundQueue fine = new OutboundQueue(healthy);

        int offered = 2 * OutboundQueue.MAX_FRAMES;
        assertTimeoutPreemptively(WAIT, () -> {
            for (int i = 0; i < offered; i++) {
                stuck.offer(Outgoing.of(plain(i)));
                if (i % HEALTHY_EVERY == 0) {
                    fine.offer(Outgoing.of(plain(i)));
                }
            }
        });

        assertThat(healthy.take(offered / HEALTHY_EVERY)).extracting(frame -> frame.path("n").asInt())
                .isEqualTo(IntStream.range(0, offered).filter(i -> i % HEALTHY_EVERY == 0).boxed().toList());
        assertThat(healthy.closed).isNotDone();
        assertThat(stalled.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ClientClose.TOO_SLOW);
        stalled.open();
    }

    private static ObjectNode plain(int n) {
        return WireJson.mapper().createObjectNode().put("type", "event").put("method", "turn/plan/updated").put("n", n);
    }

    private static List<Integer> numbers() {
        var numbers = new ArrayList<Integer>();
        for (int i = 0; i <= OutboundQueue.LAGGING_FRAMES; i++) {
            numbers.add(i);
        }
        numbers.add(-1);
        return numbers;
    }

    private static Outgoing delta(String itemId, String text) {
        ObjectNode params = WireJson.mapper().createObjectNode().put("threadId", "thr_1").put("turnId", "turn_1")
                .put("itemId", itemId).put("delta", text);
        ObjectNode frame = RelayFrames.event("mch_1", Outgoing.AGENT_MESSAGE_DELTA, params);
        return Outgoing.relayed(frame.toString(), frame);
    }

    /** A socket whose writes complete later on another thread, every other one at once on the sender's. */
    private static final class AsyncSink implements OutboundQueue.Sink {
        final GatedSink gate = new GatedSink();
        final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        private final AtomicInteger writes = new AtomicInteger();

        AsyncSink() {
            gate.open();
        }

        @Override
        public void send(String text, OutboundQueue.Written done) {
            if (writes.incrementAndGet() % 2 == 0) {
                gate.send(text, done);
            } else {
                executor.execute(() -> gate.send(text, done));
            }
        }

        @Override
        public void close(int code, String reason) {
            gate.close(code, reason);
        }
    }

    /** A socket that completes no write until opened, then records every frame; a stalled browser until then. */
    private static final class GatedSink implements OutboundQueue.Sink {
        final BlockingQueue<JsonNode> sent = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final List<Runnable> held = new ArrayList<>();
        private boolean open;
        /** Writes under way at once; the queue must never start a second. */
        private final AtomicInteger writing = new AtomicInteger();

        void open() {
            List<Runnable> release;
            synchronized (this) {
                open = true;
                release = List.copyOf(held);
                held.clear();
            }
            release.forEach(Runnable::run);
        }

        @Override
        public void send(String text, OutboundQueue.Written done) {
            assertThat(writing.incrementAndGet()).as("one write at a time").isEqualTo(1);
            Runnable write = () -> {
                sent.add(WireJson.mapper().readTree(text));
                writing.decrementAndGet();
                done.succeeded();
            };
            synchronized (this) {
                if (!open) {
                    held.add(write);
                    return;
                }
            }
            write.run();
        }

        @Override
        public void close(int code, String reason) {
            closed.complete(code);
        }

        List<JsonNode> takeUntil(JsonNode last) throws InterruptedException {
            var frames = new ArrayList<JsonNode>();
            do {
                JsonNode frame = sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(frame).as("a frame within " + WAIT).isNotNull();
                frames.add(frame);
            } while (!frames.getLast().equals(last));
            return frames;
        }

        List<JsonNode> take(int count) throws InterruptedException {
            var frames = new ArrayList<JsonNode>();
            while (frames.size() < count) {
                JsonNode frame = sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(frame).as("a frame within " + WAIT).isNotNull();
                frames.add(frame);
            }
            return frames;
        }
    }
}
