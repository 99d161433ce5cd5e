package net.flydex.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The state of the Codex app-server behind a helper, as /v1/health and presence report it. */
public enum CodexStatus {
    /** Initialized and answering. */
    READY("ready"),
    /** Being started, attached to or restarted. */
    STARTING("starting"),
    /** No Codex binary was found; the message says how to install it. */
    MISSING("missing"),
    /** It exited, crashed or cannot be reached; the helper retries with backoff. */
    ERROR("error");

    private final String wire;

    CodexStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
