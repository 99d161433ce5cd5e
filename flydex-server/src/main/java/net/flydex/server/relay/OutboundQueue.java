package net.flydex.server.relay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import net.flydex.protocol.Limits;

/**
 * One browser's frames on their way out, drained by the queue's own virtual thread, so offering
 * never waits on the network: a stalled browser holds up neither the helper whose events it is
 * sent nor any other browser. Bounded: past half its bounds (lagging), consecutive agent-message
 * deltas of one item are merged ({@link DeltaRun}); past the bounds the browser is closed with
 * {@link ClientClose#TOO_SLOW} and re-reads what it missed when it reconnects.
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
        /** Writes one frame and returns once it is written; throws when the socket failed or closed. */
        void send(String text) throws Exception;

        void close(int code, String reason);
    }

    private final Sink sink;
    private final Thread drainer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Deque<Queued> queue = new ArrayDeque<>();
    private long chars;
    private boolean stopped;

    private OutboundQueue(Sink sink, String name) {
        this.sink = sink;
        this.drainer = Thread.ofVirtual().name("relay-out-" + name).unstarted(this::drain);
    }

    static OutboundQueue start(Sink sink, String name) {
        var queue = new OutboundQueue(sink, name);
        queue.drainer.start();
        return queue;
    }

    /** Queues a frame, never waiting; a browser that fell too far behind is closed instead. */
    void offer(Outgoing frame) {
        boolean overflow;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            if (!(lagging() && mergedIntoTail(frame))) {
                queue.addLast(frame);
                chars += frame.chars();
            }
            overflow = queue.size() > MAX_FRAMES || chars > MAX_CHARS;
            ready.signal();
        } finally {
            lock.unlock();
        }
        if (overflow) {
            close(ClientClose.TOO_SLOW, "too slow");
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

    /** Drops what is queued and ends the drainer: the socket is gone. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            queue.clear();
            chars = 0;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != drainer) {
            drainer.interrupt(); // It may be waiting on a write the socket will never finish.
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

    private void drain() {
        try {
            for (Optional<Queued> next = take(); next.isPresent(); next = take()) {
                sink.send(next.get().text());
            }
        } catch (InterruptedException stopping) {
            // Closed while waiting: nothing more to write.
        } catch (Exception socketFailed) {
            stop(); // The socket's close handler does the rest.
        }
    }

    private Optional<Queued> take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !stopped) {
                ready.await();
            }
            if (stopped) {
                return Optional.empty();
            }
            Queued next = queue.pollFirst();
            chars -= next.chars();
            return Optional.of(next);
        } finally {
            lock.unlock();
        }
    }
}
