package net.flydex.helper.localapi;

import net.flydex.protocol.ErrorCode;

/**
 * Stops a route at the first check a request fails; the server turns it into the error reply.
 * It carries no stack trace: it is an answer, not a fault.
 */
final class RejectedRequest extends RuntimeException {
    private final int status;
    private final ErrorCode code;

    RejectedRequest(int status, ErrorCode code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static RejectedRequest badRequest(String message) {
        return new RejectedRequest(400, ErrorCode.BAD_REQUEST, message);
    }

    Reply reply() {
        return Reply.error(status, code, getMessage());
    }
}
