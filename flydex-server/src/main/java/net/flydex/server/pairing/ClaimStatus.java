package net.flydex.server.pairing;

/** Where a claim stands. {@link #EXPIRED} is never stored: it follows from the clock. */
public enum ClaimStatus {
    PENDING("pending"),
    APPROVED("approved"),
    DENIED("denied"),
    EXPIRED("expired");

    private final String wire;

    ClaimStatus(String wire) {
        this.wire = wire;
    }

    /** The name on the wire and in the {@code status} column. */
    public String wire() {
        return wire;
    }

    static ClaimStatus fromStored(String stored) {
        for (ClaimStatus status : values()) {
            if (status.wire.equals(stored)) {
                return status;
            }
        }
        throw new IllegalStateException("unknown stored claim status " + stored);
    }
}
