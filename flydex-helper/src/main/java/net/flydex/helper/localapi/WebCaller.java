package net.flydex.helper.localapi;

import com.sun.net.httpserver.Headers;
import java.util.List;
import net.flydex.protocol.ErrorCode;

/**
 * What the web page's POSTs must carry besides passing the Host and Origin gates: the header
 * {@code X-FlyDex-Client: web} and, with a body, {@code Content-Type: application/json}. A plain
 * HTML form can send neither, so a foreign page must preflight first - and only allowed origins
 * pass the preflight.
 */
final class WebCaller {
    static final String CLIENT_HEADER = "X-FlyDex-Client";

    private WebCaller() {}

    /** @throws RejectedRequest 400 without the client header, 415 without a JSON content type */
    static void require(Headers headers) {
        if (!headers.getOrDefault(CLIENT_HEADER, List.of()).equals(List.of("web"))) {
            throw RejectedRequest.badRequest("The header " + CLIENT_HEADER + ": web is required.");
        }
        if (!JsonContentType.declared(headers.getOrDefault("Content-Type", List.of()))) {
            throw new RejectedRequest(415, ErrorCode.BAD_REQUEST, "The body must be sent as Content-Type: application/json.");
        }
    }
}
