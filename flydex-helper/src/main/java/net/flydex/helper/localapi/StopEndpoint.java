package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.ErrorCode;

/**
 * {@code POST /v1/stop} with {@code Authorization: Bearer <secret from control.json>}: the
 * {@code flydex stop} command's way to end the helper. Not for browsers at all: a request with any
 * {@code Origin} is refused before it gets here, it has no CORS, and the secret is in a file only
 * this user can read - so no web page can stop the helper.
 */
final class StopEndpoint implements Endpoint {
    /** Lets this answer reach the CLI before the server shuts its socket. */
    private static final Duration STOP_DELAY = Duration.ofMillis(200);
    private final ControlSecret secret;
    private final Runnable stop;

    StopEndpoint(LocalControl control) {
        this.secret = new ControlSecret(control.secret());
        this.stop = control.stop();
    }

    @Override
    public String path() {
        return "/v1/stop";
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
    public Reply handle(HttpExchange exchange) {
        if (!secret.presentedIn(exchange)) {
            return Reply.error(401, ErrorCode.UNAUTHORIZED, "Stopping the helper needs the secret from its control file.");
        }
        Thread.ofVirtual().name("flydex-stop").start(() -> {
            try {
                Thread.sleep(STOP_DELAY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop.run();
        });
        return Reply.json(202, Map.of("status", "stopping")).withHeader("Connection", "close");
    }
}
