package net.flydex.bench;

import java.util.List;
import net.flydex.server.security.PasswordHasher;

/** An Argon2id parameter set the bench prices, and why it is on the list. */
record Argon2Setting(PasswordHasher.Parameters parameters, String note) {
    /**
     * FlyDex's default, then two of OWASP's equivalent alternatives (Password Storage Cheat Sheet):
     * less memory with more passes, and more memory with a single pass.
     */
    static final List<Argon2Setting> COMPARED = List.of(
            new Argon2Setting(PasswordHasher.DEFAULT, "PasswordHasher.DEFAULT"),
            new Argon2Setting(new PasswordHasher.Parameters(12 * 1024, 3, 1), "OWASP alternative"),
            new Argon2Setting(new PasswordHasher.Parameters(46 * 1024, 1, 1), "OWASP alternative"));

    String label() {
        return "m=%d KiB, t=%d, p=%d".formatted(parameters.memoryKib(), parameters.iterations(), parameters.parallelism());
    }
}
