package net.flydex.protocol.e2e;

/** A received message was refused; {@link #failure()} says why. The message never says more. */
public final class E2eException extends Exception {
    private final Failure failure;

    public E2eException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
