package net.flydex.helper.e2e;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import net.flydex.protocol.SealedFrames;

/**
 * At most {@link SealedFrames#MAX_HELLOS_PER_DEVICE_PER_SECOND} hellos answered per device in any
 * second (sliding window): each costs four ECDHs and a key generation, so a server replaying
 * hellos cannot buy unbounded CPU. Only trusted devices are counted, so the map stays as small as
 * the device list.
 */
public final class HelloLimiter {
    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    public HelloLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Counts a hello of this device and answers whether it may be answered. */
    public synchronized boolean tryAcquire(String deviceId) {
        Instant now = clock.instant();
        Deque<Instant> times = recent.computeIfAbsent(deviceId, id -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
            times.pollFirst();
        }
        if (times.size() >= SealedFrames.MAX_HELLOS_PER_DEVICE_PER_SECOND) {
            return false;
        }
        times.addLast(now);
        return true;
    }
}
