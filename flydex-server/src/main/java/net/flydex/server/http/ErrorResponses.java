package net.flydex.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import net.flydex.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure leaves as {@code {"error":{"code","message"}}}: never a stack trace, never a 500
 * for bad input. Unexpected exceptions are logged by class and route only.
 */
public final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    public static void install(JavalinConfig config) {
        config.routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.status(), e.code(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected {} on {} {}", e.getClass().getName(), ctx.method(), ctx.path(), e);
            write(ctx, 500, ErrorCode.INTERNAL, "something went wrong on our side");
        });
        // Every 404 reads the same, whether nothing is there or it belongs to another account.
        config.routes.error(404, "*", ctx -> write(ctx, 404, ErrorCode.NOT_FOUND, "not found"));
        config.routes.error(405, "*", ctx -> write(ctx, 405, ErrorCode.METHOD_NOT_ALLOWED, "method not allowed"));
        config.routes.error(413, "*", ctx -> write(ctx, 413, ErrorCode.BAD_REQUEST, "the body is too large"));
    }

    public static void write(Context ctx, int status, ErrorCode code, String message) {
        ctx.status(status).json(Map.of("error", Map.of("code", code.wire(), "message", message)));
    }
}
