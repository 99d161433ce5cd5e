package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.e2e.E2eException;

/**
 * {@code POST /v1/devices/rename} {@code {"deviceId","name"}} with the control file's secret:
 * {@code flydex devices rename ID NAME}. 200 {@code {"renamed":id,"name"}}, 404 {@code not_found}
 * for a device the helper does not trust, 400 for a name no introduction could carry (empty,
 * control characters, over 64 bytes). CLI only, like {@code /v1/stop}.
 */
final class DeviceRenameEndpoint extends CliEndpoint {
    /** A 22-character id and a 64-byte name, even with every character of the name escaped as {@code \\uXXXX}. */
    static final int MAX_BODY_BYTES = 1024;

    private final LocalE2e e2e;

    DeviceRenameEndpoint(ControlSecret secret, LocalE2e e2e) {
        super(secret, "Renaming a device");
        this.e2e = e2e;
    }

    @Override
    public String path() {
        return "/v1/devices/rename";
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    Reply authorized(HttpExchange exchange) throws IOException {
        var body = JsonBody.object(BoundedBody.read(exchange.getRequestBody(), MAX_BODY_BYTES));
        var deviceId = body.path("deviceId");
        var name = body.path("name");
        if (!deviceId.isString() || !name.isString()) {
            throw RejectedRequest.badRequest("deviceId and name are required and must be strings.");
        }
        try {
            if (!e2e.rename(deviceId.asString(), name.asString())) {
                return Reply.error(404, ErrorCode.NOT_FOUND, "This helper trusts no device with that id.");
            }
        } catch (E2eException e) {
            throw RejectedRequest.badRequest(e.getMessage() + ".");
        }
        return Reply.json(200, Map.of("renamed", deviceId.asString(), "name", name.asString()));
    }
}
