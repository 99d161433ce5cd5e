package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import net.flydex.protocol.Limits;

/** {@code POST /v1/connect}: the web page hands the helper a local-connect session ({@link WebCaller}'s checks first). */
final class ConnectEndpoint implements Endpoint {
    private final ConnectHandler handler;

    ConnectEndpoint(ConnectHandler handler) {
        this.handler = handler;
    }

    @Override
    public String path() {
        return "/v1/connect";
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        WebCaller.require(exchange.getRequestHeaders());
        byte[] body = BoundedBody.read(exchange.getRequestBody(), Limits.MAX_HTTP_BODY_BYTES);
        return switch (handler.connect(ConnectRequestParser.parse(body))) {
            case ConnectResult.Accepted accepted -> Reply.json(202, new StatusBody(accepted.status()));
            case ConnectResult.Failed failed -> Reply.error(failed.httpStatus(), failed.code(), failed.message());
        };
    }

    /** The 202 body, {@code {"status": ...}}. */
    record StatusBody(String status) {}
}
