package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import net.flydex.protocol.ErrorCode;

/**
 * {@code GET /v1/devices} with the control file's secret: {@code flydex devices}' list,
 * {@code {"devices":[{deviceId,name,fingerprint,introducedAt,current}],"helperFingerprint"}}.
 * For the CLI only, like {@code /v1/stop}: a web page gets the list through a sealed
 * {@code devices/list}, from a device the helper trusts.
 */
final class DevicesEndpoint implements Endpoint {
    private final ControlSecret secret;
    private final LocalE2e e2e;

    DevicesEndpoint(ControlSecret secret, LocalE2e e2e) {
        this.secret = secret;
        this.e2e = e2e;
    }

    @Override
    public String path() {
        return "/v1/devices";
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public boolean forBrowsers() {
        return false;
    }

    @Override
    public Reply handle(HttpExchange exchange) {
        if (!secret.presentedIn(exchange)) {
            return Reply.error(401, ErrorCode.UNAUTHORIZED, "Listing devices needs the secret from the helper's control file.");
        }
        return Reply.json(200, e2e.devices());
    }
}
