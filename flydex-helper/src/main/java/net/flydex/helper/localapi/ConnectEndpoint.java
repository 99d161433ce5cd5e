package net.flydex.helper.localapi;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.Limits;

/**
 * {@code POST /v1/connect}: the web page hands the helper a local-connect session. The custom
 * header and the JSON content type are what a plain HTML form cannot send, so a foreign page
 * must preflight first - and only allowed origins pass the preflight.
 */
final class ConnectEndpoint implements Endpoint {
    static final String CLIENT_HEADER = "X-FlyDex-Client";

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
        Headers headers = exchange.getRequestHeaders();
        if (!headers.getOrDefault(CLIENT_HEADER, List.of()).equals(List.of("web"))) {
            throw RejectedRequest.badRequest("The header " + CLIENT_HEADER + ": web is required.");
        }
        if (!JsonContentType.declared(headers.getOrDefault("Content-Type", List.of()))) {
            throw new RejectedRequest(415, ErrorCode.BAD_REQUEST, "The body must be sent as Content-Type: application/json.");
        }
        byte[] body = BoundedBody.read(exchange.getRequestBody(), Limits.MAX_HTTP_BODY_BYTES);
        return switch (handler.connect(ConnectRequestParser.parse(body))) {
            case ConnectResult.Accepted accepted -> Reply.json(202, new StatusBody(accepted.status()));
            case ConnectResult.Failed failed -> Reply.error(failed.httpStatus(), failed.code(), failed.message());
        };
    }

    /** The 202 body, {@code {"status": ...}}. */
    record StatusBody(String status) {}
}
