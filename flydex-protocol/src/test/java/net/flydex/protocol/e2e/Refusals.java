package net.flydex.protocol.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The one assertion every e2e test makes about bad input: refused, for this reason. */
final class Refusals {
    private Refusals() {}

    static void refused(Failure failure, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(E2eException.class, e -> assertThat(e.failure()).isEqualTo(failure));
    }
}
