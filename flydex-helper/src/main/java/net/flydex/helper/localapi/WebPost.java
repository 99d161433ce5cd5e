package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * A POST route for the web page: {@link WebCaller}'s header checks first, then the body read
 * within the route's limit (413 beyond it), then the route.
 */
abstract class WebPost implements Endpoint {
    private final int maxBodyBytes;

    WebPost(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public final String method() {
        return "POST";
    }

    @Override
    public final Reply handle(HttpExchange exchange) throws IOException {
        WebCaller.require(exchange.getRequestHeaders());
        return answer(BoundedBody.read(exchange.getRequestBody(), maxBodyBytes));
    }

    /** The route itself, given the body. */
    abstract Reply answer(byte[] body) throws IOException;
}
