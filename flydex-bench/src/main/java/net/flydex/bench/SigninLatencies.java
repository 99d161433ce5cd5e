package net.flydex.bench;

import java.util.function.ToDoubleFunction;

/** One sign-in path's times for a known email (let in) and for an unknown one (refused). */
record SigninLatencies(Latencies known, Latencies unknown) {

    /**
     * Unknown over known for one figure. The unknown-email path burns an Argon2 derivation of the
     * same cost instead of verifying, so near 1.0 means timing does not tell whether an email has an account.
     */
    double ratio(ToDoubleFunction<Latencies> figure) {
        return figure.applyAsDouble(unknown) / figure.applyAsDouble(known);
    }
}
