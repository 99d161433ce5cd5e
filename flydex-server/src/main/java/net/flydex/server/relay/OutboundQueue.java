package net.flydex.server.relay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import net.flydex.protocol.Limits;

/**
 * One browser's frames on their way out. Offering never waits on the network: the queue hands one
 * frame at a time to the socket's asynchronous send, on the offering thread when nothing is being
 * written (no thread hand-off on the way to a browser that keeps up), else from the completion of
 * the write before it. A stalled browser therefore holds up neither the helper whose events it is
 * sent nor any other browser, and no thread waits for it. Bounded: past half its bounds (lagging),
 * consecutive agent-message deltas of one item are merged ({@link DeltaRun}); past the bounds the
 * browser is closed with {@link ClientClose#TOO_SLOW} and re-reads what it missed when it reconnects
 * ({@link ClientClose#SEALED_TOO_SLOW} when sealed frames were among what is dropped).
 */
final class OutboundQueue {
    /** Far more than a live stream needs: a browser this far behind is better off reconnecting. */
    static final int MAX_FRAMES = 1024;
    /** Eight frames of the largest size: bounds the memory one stalled browser can pin. */
    static final long MAX_CHARS = 8L * Limits.MAX_FRAME_BYTES;
    /** Half of either bound marks a lagging browser, whose deltas are merged from then on. */
    static final int LAGGING_FRAMES = MAX_FRAMES / 2;
    static final long LAGGING_CHARS = MAX_CHARS / 2;

    /** The socket the queue writes to. */
    interface Sink {
        /**
         * Starts writing one frame without waiting for it and reports the outcome to {@code done},
         * at most once, on any thread, possibly before returning. Never called again before that.
         */
        void send(String text, Written done);

        void close(int code, String reason);
    }

    /** How a write ended. */
    interface Written {
        void succeeded();

        /** The socket failed or closed; its close handler does the rest. */
        void failed(Throwable cause);
    }

    private final Sink sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Queued> queue = new ArrayDeque<>();
    private long chars;
    /** Sealed frames queued: an overflow with any of them closes with {@link ClientClose#SEALED_TOO_SLOW}. */
    private int sealedQueued;
    private boolean stopped;
    /** A frame is being written, or a thread is about to take the next one: nobody else may start a write. */
    private boolean writing;

    OutboundQueue(Sink sink) {
        this.sink = sink;
    }

    /** Queues a frame, never waiting; a browser that fell too far behind is closed instead. */
    void offer(Outgoing frame) {
        boolean overflow;
        boolean sealedLost;
        boolean startWriting;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            if (!(lagging() && mergedIntoTail(frame))) {
                queue.addLast(frame);
                chars += frame.chars();
                sealedQueued += frame.sealed() ? 1 : 0;
            }
            overflow = queue.size() > MAX_FRAMES || chars > MAX_CHARS;
            sealedLost = sealedQueued > 0;
            startWriting = !writing && !overflow;
            writing |= startWriting;
        } finally {
            lock.unlock();
        }
        if (overflow) {
            close(sealedLost ? ClientClose.SEALED_TOO_SLOW : ClientClose.TOO_SLOW, "too slow");
        } else if (startWriting) {
            writeAll();
        }
    }

    boolean isOpen() {
        lock.lock();
        try {
            return !stopped;
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued and closes the socket. */
    void close(int code, String reason) {
        stop();
        sink.close(code, reason);
    }

    /** Drops what is queued and writes nothing more: the socket is gone. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            queue.clear();
            chars = 0;
            sealedQueued = 0;
        } finally {
            lock.unlock();
        }
    }

    private boolean lagging() {
        return queue.size() >= LAGGING_FRAMES || chars >= LAGGING_CHARS;
    }

    /** Merges a delta into the queue's last frame when that is a delta of the same item (consecutive, so order holds). */
    private boolean mergedIntoTail(Outgoing frame) {
        if (frame.deltaItemId().isEmpty()) {
            return false;
        }
        Queued tail = queue.peekLast();
        Optional<DeltaRun> run = switch (tail) {
            case DeltaRun started -> Optional.of(started);
            case Outgoing single when single.deltaItemId().equals(frame.deltaItemId()) -> DeltaRun.startingWith(single);
            case null, default -> Optional.empty();
        };
        if (run.isEmpty()) {
            return false;
        }
        long before = tail.chars();
        if (!run.get().absorb(frame)) {
            return false;
        }
        queue.pollLast();
        queue.addLast(run.get());
        chars += run.get().chars() - before;
        return true;
    }

    /**
     * Writes queued frames one after another while each write completes at once; returns when the
     * queue is empty or a write is still under way (its completion carries on from there).
     */
    private void writeAll() {
        for (Optional<Queued> next = takeOrFinish(); next.isPresent(); next = takeOrFinish()) {
            var write = new Write();
            try {
                sink.send(next.get().text(), write);
            } catch (RuntimeException socketGone) {
                stop(); // The socket's close handler does the rest.
                return;
            }
            if (!write.carryOnHere()) {
                return;
            }
        }
    }

    /** The next frame to write, or empty (and the writing turn given up) when there is none. */
    private Optional<Queued> takeOrFinish() {
        lock.lock();
        try {
            Queued next = stopped ? null : queue.pollFirst();
            if (next == null) {
                writing = false;
                return Optional.empty();
            }
            chars -= next.chars();
            sealedQueued -= next instanceof Outgoing sent && sent.sealed() ? 1 : 0;
            return Optional.of(next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One frame's write. Whoever comes second - the sender finding it done, or the completion
     * finding the sender gone - writes the next frame, so exactly one thread carries on and a
     * long run of writes that complete at once is a loop, not a recursion.
     */
    private final class Write implements Written {
        private static final int PENDING = 0;
        private static final int DONE = 1;
        private static final int SENDER_LEFT = 2;
        private final AtomicInteger state = new AtomicInteger(PENDING);

        @Override
        public void succeeded() {
            if (!state.compareAndSet(PENDING, DONE)) {
                writeAll();
            }
        }

        @Override
        public void failed(Throwable cause) {
            stop();
        }

        /** True when the write is done already, so the sender writes the next frame itself. */
        boolean carryOnHere() {
            return !state.compareAndSet(PENDING, SENDER_LEFT);
        }
    }
}
