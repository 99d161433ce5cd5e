package net.flydex.helper.localapi;

import net.flydex.protocol.Limits;

/** {@code POST /v1/connect}: the web page hands the helper a local-connect session. */
final class ConnectEndpoint extends WebPost {
    private final ConnectHandler handler;

    ConnectEndpoint(ConnectHandler handler) {
        super(Limits.MAX_HTTP_BODY_BYTES);
        this.handler = handler;
    }

    @Override
    public String path() {
        return "/v1/connect";
    }

    @Override
    Reply answer(byte[] body) {
        return switch (handler.connect(ConnectRequestParser.parse(body))) {
            case ConnectResult.Accepted accepted -> Reply.json(202, new StatusBody(accepted.status()));
            case ConnectResult.Failed failed -> Reply.error(failed.httpStatus(), failed.code(), failed.message());
        };
    }

    /** The 202 body, {@code {"status": ...}}. */
    record StatusBody(String status) {}
}
