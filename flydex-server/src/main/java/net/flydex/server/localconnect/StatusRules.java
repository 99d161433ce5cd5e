package net.flydex.server.localconnect;

import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.LocalConnectStatus;
import net.flydex.server.http.ApiException;

/**
 * The order a local connect moves in as its helper reports progress. A session only moves
 * forward; a failure may end it at any time; {@code registered} and {@code awaiting_browser_finalize}
 * need a registered machine, and Codex may only be started once the browser has finalized. The
 * same status again is a retry and changes nothing. Whatever breaks these rules answers 409.
 */
final class StatusRules {
    private StatusRules() {}

    /**
     * Whether {@code reported} moves a live session on from {@code current}.
     *
     * @throws ApiException 409 {@code conflict} when the step is out of order
     */
    static boolean advances(LocalConnectStatus current, boolean registered, boolean finalized, LocalConnectStatus reported) {
        if (reported == current) {
            return false;
        }
        if (reported.isFailure()) {
            return true;
        }
        if (reported.ordinal() < current.ordinal()) {
            throw conflict("a local connect cannot go back from " + current.wire() + " to " + reported.wire());
        }
        if (reported.ordinal() >= LocalConnectStatus.REGISTERED.ordinal() && !registered) {
            throw conflict("register the machine before reporting " + reported.wire());
        }
        if (reported.ordinal() >= LocalConnectStatus.CODEX_STARTING.ordinal() && !finalized) {
            throw conflict("wait for the browser to finalize before reporting " + reported.wire());
        }
        return true;
    }

    private static ApiException conflict(String message) {
        return new ApiException(409, ErrorCode.CONFLICT, message);
    }
}
