package net.flydex.protocol.e2e;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/** Deterministic stand-ins for the injected randomness, so tests and vectors are reproducible. */
final class Fixed {
    private Fixed() {}

    /** Ephemeral keys handed out in order; asking for one more is a test bug. */
    static KeySource keys(P256.KeyPair... pairs) {
        ArrayDeque<P256.KeyPair> queue = new ArrayDeque<>(List.of(pairs));
        return () -> {
            if (queue.isEmpty()) {
                throw new AssertionError("no more fixed keys");
            }
            return queue.removeFirst();
        };
    }

    /** A SecureRandom that returns these bytes, in order, then fails. */
    static SecureRandom bytes(byte[]... chunks) {
        ByteBuffer all = ByteBuffer.wrap(Arrays.stream(chunks).reduce(new byte[0], Bytes::concat));
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] out) {
                if (all.remaining() < out.length) {
                    throw new AssertionError("no more fixed bytes");
                }
                all.get(out);
            }
        };
    }

    /** A clock a test moves by hand. */
    static final class SettableClock extends java.time.Clock {
        private volatile java.time.Instant now;

        SettableClock(java.time.Instant now) {
            this.now = now;
        }

        void set(java.time.Instant instant) {
            now = instant;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
