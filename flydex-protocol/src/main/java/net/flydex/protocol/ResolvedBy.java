package net.flydex.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who or what ended a pending approval. */
public enum ResolvedBy {
    /** A FlyDex browser answered it, and Codex took that answer. */
    FLYDEX("flydex"),
    /** Another Codex client - usually the person at the desk, in the TUI - answered first. */
    DESKTOP("desktop"),
    /** The turn ended (interrupted, failed or completed) before anyone answered. */
    TURN_ENDED("turn_ended"),
    /** The Codex process or daemon went away; the request died with it. */
    CODEX_EXITED("codex_exited");

    private final String wire;

    ResolvedBy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
