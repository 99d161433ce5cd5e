package net.flydex.bench;

import java.util.ArrayList;
import java.util.List;
import net.flydex.server.security.PasswordHasher;

/**
 * Argon2id cost per hash and per verify, through {@link PasswordHasher} itself (Bouncy Castle, one
 * thread), for each {@link Argon2Setting}. The settings take turns within every round, so drift
 * (JIT, GC, CPU frequency, other load) lands on all of them alike.
 */
final class Argon2Bench {
    /** Untimed rounds first: Bouncy Castle's Argon2 is plain Java and needs the JIT. */
    static final int WARMUP = 5;
    /** Timed hashes, and verifies, per setting. */
    static final int ROUNDS = 30;
    /** Typical length; Argon2 pre-hashes the password, so its length hardly matters. */
    private static final String PASSWORD = "correct horse battery staple";

    private Argon2Bench() {}

    static List<Argon2Cost> run() {
        List<Argon2Setting> settings = Argon2Setting.COMPARED;
        List<PasswordHasher> hashers = settings.stream().map(s -> new PasswordHasher(s.parameters())).toList();
        long[][] hashNanos = new long[settings.size()][ROUNDS];
        long[][] verifyNanos = new long[settings.size()][ROUNDS];
        for (int round = -WARMUP; round < ROUNDS; round++) {
            for (int s = 0; s < settings.size(); s++) {
                long start = System.nanoTime();
                String encoded = hashers.get(s).hash(PASSWORD);
                long hashed = System.nanoTime();
                boolean matches = hashers.get(s).verify(PASSWORD, encoded);
                long verified = System.nanoTime();
                if (!matches) {
                    throw new IllegalStateException("a fresh " + settings.get(s).label() + " hash did not verify");
                }
                if (round >= 0) {
                    hashNanos[s][round] = hashed - start;
                    verifyNanos[s][round] = verified - hashed;
                }
            }
        }
        var costs = new ArrayList<Argon2Cost>();
        for (int s = 0; s < settings.size(); s++) {
            costs.add(new Argon2Cost(settings.get(s), Latencies.of(hashNanos[s]), Latencies.of(verifyNanos[s])));
        }
        return costs;
    }
}
