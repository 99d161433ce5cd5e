package net.flydex.helper.codex;

import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RpcError;

/** A failed call, carrying the contract error code the browser will see. */
public final class RpcException extends RuntimeException {
    private final ErrorCode code;

    public RpcException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public RpcError toError() {
        return new RpcError(code, getMessage());
    }

    /** The RpcException behind a failed future, or an internal error that reveals nothing. */
    public static RpcException of(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RpcException rpc) {
            return rpc;
        }
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return new RpcException(ErrorCode.CODEX_TIMEOUT, "Codex did not answer in time");
        }
        return new RpcException(ErrorCode.INTERNAL, "the helper could not complete the request");
    }
}
