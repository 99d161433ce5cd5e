package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import net.flydex.protocol.ErrorCode;

/**
 * {@code POST /v1/devices/revoke} {@code {"deviceId"}} with the control file's secret:
 * {@code flydex devices revoke ID}. 200 {@code {"revoked":id}}, 404 {@code not_found} for a device
 * the helper does not trust. CLI only, like {@code /v1/stop}.
 */
final class DeviceRevokeEndpoint implements Endpoint {
    /** {@code {"deviceId":"<22 characters>"}}; anything longer is not a revocation. */
    static final int MAX_BODY_BYTES = 256;

    private final ControlSecret secret;
    private final LocalE2e e2e;

    DeviceRevokeEndpoint(ControlSecret secret, LocalE2e e2e) {
        this.secret = secret;
        this.e2e = e2e;
    }

    @Override
    public String path() {
        return "/v1/devices/revoke";
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public boolean forBrowsers() {
        return false;
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        if (!secret.presentedIn(exchange)) {
            return Reply.error(401, ErrorCode.UNAUTHORIZED, "Revoking a device needs the secret from the helper's control file.");
        }
        var deviceId = JsonBody.object(BoundedBody.read(exchange.getRequestBody(), MAX_BODY_BYTES)).path("deviceId");
        if (!deviceId.isString()) {
            throw RejectedRequest.badRequest("deviceId is required and must be a string.");
        }
        if (!e2e.revoke(deviceId.asString())) {
            return Reply.error(404, ErrorCode.NOT_FOUND, "This helper trusts no device with that id.");
        }
        return Reply.json(200, Map.of("revoked", deviceId.asString()));
    }
}
