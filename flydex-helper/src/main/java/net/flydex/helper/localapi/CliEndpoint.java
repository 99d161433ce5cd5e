package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import net.flydex.protocol.ErrorCode;

/**
 * A route for the {@code flydex} CLI only: any request with an {@code Origin} is refused before it
 * gets here ({@link #forBrowsers}), it has no CORS, and it runs only for the control file's secret
 * ({@link ControlSecret}) - a file only this user can read, so no web page can call it.
 */
abstract class CliEndpoint implements Endpoint {
    private final ControlSecret secret;
    /** What the route does, for the 401 message: "Stopping the helper", "Listing devices". */
    private final String doing;

    CliEndpoint(ControlSecret secret, String doing) {
        this.secret = secret;
        this.doing = doing;
    }

    @Override
    public final boolean forBrowsers() {
        return false;
    }

    @Override
    public final Reply handle(HttpExchange exchange) throws IOException {
        if (!secret.presentedIn(exchange)) {
            return Reply.error(401, ErrorCode.UNAUTHORIZED, doing + " needs the secret from the helper's control file.");
        }
        return authorized(exchange);
    }

    /** The route itself, once the secret was presented. */
    abstract Reply authorized(HttpExchange exchange) throws IOException;
}
