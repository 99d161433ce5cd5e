package net.flydex.bench;

import net.flydex.server.security.PasswordHasher;

/**
 * What one Argon2id parameter set costs on this machine.
 *
 * @param hash {@link PasswordHasher#hash}: what sign-up pays
 * @param verify {@link PasswordHasher#verify} of a matching hash: what every sign-in pays
 */
record Argon2Cost(Argon2Setting setting, Latencies hash, Latencies verify) {
    private static final double MICROS_PER_SECOND = 1_000_000.0;

    /** Sign-ins one core can check per second at the median verify time: the server's CPU ceiling. */
    double verifiesPerCoreSecond() {
        return MICROS_PER_SECOND / verify.p50();
    }
}
