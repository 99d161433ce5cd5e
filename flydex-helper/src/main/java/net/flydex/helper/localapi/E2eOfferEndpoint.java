package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * {@code POST /v1/e2e/offer} with body {@code {}}: a fresh QR offer for the desktop page (or
 * {@code flydex pair}) to show, {@code {"offer","helperFingerprint","expiresAt"}}. Behind the same
 * gates as {@code /v1/connect}: an offer is what lets a device introduce itself, so only the
 * FlyDex page (or a local program) may take one.
 */
final class E2eOfferEndpoint implements Endpoint {
    /** The body is {@code {}}; anything longer is not an offer request. */
    static final int MAX_BODY_BYTES = 256;

    private final LocalE2e e2e;

    E2eOfferEndpoint(LocalE2e e2e) {
        this.e2e = e2e;
    }

    @Override
    public String path() {
        return "/v1/e2e/offer";
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        WebCaller.require(exchange.getRequestHeaders());
        JsonBody.object(BoundedBody.read(exchange.getRequestBody(), MAX_BODY_BYTES));
        return Reply.json(200, e2e.offer());
    }
}
