package net.flydex.helper.localapi;

import net.flydex.protocol.ErrorCode;

/**
 * What {@code POST /v1/connect} does once a request passed every check. It runs on its own
 * virtual thread, so it may block briefly, but it should hand long work (registering with the
 * control plane) to the background and answer {@link ConnectResult.Accepted} at once.
 */
@FunctionalInterface
public interface ConnectHandler {

    ConnectResult connect(ConnectRequest request);

    /** Answers 501 {@code not_implemented}: the helper's wiring until browser connect exists. */
    static ConnectHandler notImplemented() {
        return request -> new ConnectResult.Failed(501, ErrorCode.NOT_IMPLEMENTED,
                "This helper cannot be connected from the browser yet.");
    }
}
