package net.flydex.helper.localapi;

import net.flydex.protocol.ErrorCode;

/**
 * The contract's error shape: {@code {"error":{"code":"snake_case","message":"human sentence"}}}.
 * The code is an {@link ErrorCode}'s wire name, or an end-to-end {@code Failure}'s on the
 * {@code /v1/e2e} routes (docs/e2e.md).
 */
record ErrorBody(Detail error) {

    record Detail(String code, String message) {}

    static ErrorBody of(String code, String message) {
        return new ErrorBody(new Detail(code, message));
    }
}
