package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** One route of the local API. It runs only after the Host and Origin checks passed and the method matched. */
interface Endpoint {

    String path();

    /** The one method the route answers besides OPTIONS. */
    String method();

    /**
     * False for routes only the {@code flydex} CLI may call: any request to them carrying an
     * {@code Origin} (every browser POST does) is refused, and they never get CORS headers.
     */
    default boolean forBrowsers() {
        return true;
    }

    /** @throws RejectedRequest to answer with a client error */
    Reply handle(HttpExchange exchange) throws IOException;
}
