package net.flydex.helper.localapi;

import net.flydex.protocol.ErrorCode;

/** How a {@link ConnectHandler} answered: the helper took the request on, or refused it. */
public sealed interface ConnectResult {

    /** Answered 202 {@code {"status": status}}: the helper works on the connection in the background. */
    record Accepted(String status) implements ConnectResult {
        public Accepted {
            if (status == null || status.isBlank()) {
                throw new IllegalArgumentException("status must not be blank");
            }
        }
    }

    /** Answered with this status and the contract's error body. */
    record Failed(int httpStatus, ErrorCode code, String message) implements ConnectResult {
        public Failed {
            // A success status here would send an error body the page reads as success.
            if (httpStatus < 400 || httpStatus > 599) {
                throw new IllegalArgumentException("httpStatus must be a 4xx or 5xx status, was " + httpStatus);
            }
            if (code == null) {
                throw new IllegalArgumentException("code is required");
            }
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("message must not be blank");
            }
        }
    }
}
