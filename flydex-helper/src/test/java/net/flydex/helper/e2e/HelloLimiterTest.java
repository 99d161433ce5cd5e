package net.flydex.helper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.flydex.protocol.SealedFrames;
import net.flydex.testkit.MutableClock;
import org.junit.jupiter.api.Test;

class HelloLimiterTest {
    private final MutableClock clock = MutableClock.startingNow();
    private final HelloLimiter limiter = new HelloLimiter(clock);

    @Test
    void fiveHellosASecondPerDeviceInASlidingWindow() {
        for (int i = 0; i < SealedFrames.MAX_HELLOS_PER_DEVICE_PER_SECOND; i++) {
            assertThat(limiter.tryAcquire("a")).isTrue();
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).isTrue();

        clock.advance(Duration.ofMillis(500)); // The first hello is now a second old.
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
    }
}
