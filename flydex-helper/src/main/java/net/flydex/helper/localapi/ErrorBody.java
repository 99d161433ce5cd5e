package net.flydex.helper.localapi;

import net.flydex.protocol.ErrorCode;

/** The contract's error shape: {@code {"error":{"code":"snake_case","message":"human sentence"}}}. */
record ErrorBody(Detail error) {

    record Detail(ErrorCode code, String message) {}

    static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(new Detail(code, message));
    }
}
