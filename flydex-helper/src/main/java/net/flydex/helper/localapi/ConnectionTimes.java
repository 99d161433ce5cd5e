package net.flydex.helper.localapi;

import java.time.Duration;

/**
 * How long a local API connection may take over each phase; past it the connection is closed.
 *
 * @param keepAliveIdle an open connection with no request in it
 * @param head from a request's first byte to its last header line: a browser takes well under a
 *     millisecond, a slowloris client never finishes
 * @param body for the body, once the route reads it (at most {@link RequestHead#MAX_BODY_BYTES})
 */
record ConnectionTimes(Duration keepAliveIdle, Duration head, Duration body) {
    /** The keep-alive idle is the JDK server's idle interval, which the web page was served with before. */
    static final ConnectionTimes DEFAULT = new ConnectionTimes(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10));

    ConnectionTimes {
        if (keepAliveIdle.isNegative() || keepAliveIdle.isZero() || head.isNegative() || head.isZero() || body.isNegative()
                || body.isZero()) {
            throw new IllegalArgumentException("connection times must be positive");
        }
    }
}
