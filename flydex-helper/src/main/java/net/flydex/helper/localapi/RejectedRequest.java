package net.flydex.helper.localapi;

import net.flydex.protocol.ErrorCode;

/**
 * Stops a route at the first check a request fails; the server turns it into the error reply.
 * It carries no stack trace: it is an answer, not a fault.
 */
final class RejectedRequest extends RuntimeException {
    private final int status;
    private final String code;

    RejectedRequest(int status, ErrorCode code, String message) {
        this(status, code.wire(), message);
    }

    /** A refusal whose code is a wire name of its own (an end-to-end failure's). */
    RejectedRequest(int status, String code, String message) {
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
