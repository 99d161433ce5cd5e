package net.flydex.helper.relay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import net.flydex.protocol.e2e.E2eLimits;

/**
 * The relay's frames held back, in order, while the uplink is backed up. They wait here in the
 * clear, before sealing: a sealed frame carries a counter and can never be merged or dropped, so
 * this is the one place a burst can still be shortened. A streamed delta that continues the
 * queue's last event is appended to it ({@link Outbound.Event#continuedBy}), as the control
 * plane's relay did before encryption; nothing else is merged, reordered or dropped. Not thread
 * safe: the relay uses it under its sending lock.
 */
final class OutboundBacklog {
    /**
     * Longest merged delta, in characters: even at three UTF-8 bytes each it stays well inside one
     * sealed frame's plaintext ({@link E2eLimits#MAX_FRAME_PLAINTEXT_BYTES}).
     */
    static final int MAX_MERGED_DELTA_CHARS = E2eLimits.MAX_FRAME_PLAINTEXT_BYTES / 4;

    private final Deque<Outbound> queue = new ArrayDeque<>();

    void add(Outbound next) {
        if (next instanceof Outbound.Event event && queue.peekLast() instanceof Outbound.Event last && last.continuedBy(event)
                && last.delta().orElseThrow().length() + event.delta().orElseThrow().length() <= MAX_MERGED_DELTA_CHARS) {
            queue.pollLast();
            queue.addLast(last.append(event.delta().orElseThrow()));
            return;
        }
        queue.addLast(next);
    }

    Optional<Outbound> poll() {
        return Optional.ofNullable(queue.pollFirst());
    }

    int size() {
        return queue.size();
    }

    void clear() {
        queue.clear();
    }
}
