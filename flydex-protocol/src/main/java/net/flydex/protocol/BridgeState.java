package net.flydex.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The helper's link to the control plane. */
public enum BridgeState {
    /** No machine identity yet: waiting for the browser's /v1/connect or {@code flydex pair}. */
    UNPAIRED("unpaired"),
    CONNECTING("connecting"),
    CONNECTED("connected"),
    /** Paired but not connected (server unreachable, or the machine was revoked). */
    OFFLINE("offline");

    private final String wire;

    BridgeState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
