package net.flydex.helper.localapi;

import net.flydex.protocol.ErrorCode;

/**
 * A request the server cannot read as HTTP/1.1 within its limits (bad request line or header,
 * head too large, a body without a length): answered with this status and closed, before any route
 * sees it. No stack trace: it is an answer, not a fault.
 */
final class MalformedRequest extends Exception {
    private final int status;

    MalformedRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static MalformedRequest badRequest(String message) {
        return new MalformedRequest(400, message);
    }

    Reply reply() {
        return Reply.error(status, ErrorCode.BAD_REQUEST, getMessage());
    }
}
