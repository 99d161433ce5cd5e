package net.flydex.server.http;

import net.flydex.protocol.ErrorCode;

/** An answer that is not a success: its status, contract code and a sentence for a person. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final ErrorCode code;

    public ApiException(int status, ErrorCode code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, ErrorCode.BAD_REQUEST, message);
    }

    /** Also the answer for anything another account owns: the two must be indistinguishable. */
    public static ApiException notFound() {
        return new ApiException(404, ErrorCode.NOT_FOUND, "not found");
    }

    public static ApiException unauthorized() {
        return new ApiException(401, ErrorCode.UNAUTHORIZED, "sign in first");
    }
}
