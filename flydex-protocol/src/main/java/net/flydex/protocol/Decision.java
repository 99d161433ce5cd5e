package net.flydex.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** A person's answer to an approval, as the browser sends it and as the outcome is reported. */
public enum Decision {
    /** Do it, this once. */
    ACCEPT("accept"),
    /** Do it, and do not ask again for the same thing in this thread. */
    ACCEPT_FOR_SESSION("acceptForSession"),
    /** Do not do it; the turn goes on without it. */
    DECLINE("decline"),
    /** Do not do it, and stop the turn. */
    CANCEL("cancel"),
    /**
     * Answered, with no accept/decline to report: the model's questions were answered, or another
     * client answered a request whose outcome Codex does not reveal.
     */
    ANSWERED("answered");

    private final String wire;

    Decision(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean accepts() {
        return this == ACCEPT || this == ACCEPT_FOR_SESSION;
    }

    /** The decision with this wire name, if there is one. */
    public static Optional<Decision> fromWire(String wire) {
        return Arrays.stream(values()).filter(d -> d.wire.equals(wire)).findFirst();
    }

    @JsonCreator
    static Decision parse(String wire) {
        return fromWire(wire).orElseThrow(() -> new IllegalArgumentException("unknown decision"));
    }
}
