package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.util.Map;

/**
 * {@code POST /v1/stop} with {@code Authorization: Bearer <secret from control.json>}: the
 * {@code flydex stop} command's way to end the helper. Not for browsers at all: a request with any
 * {@code Origin} is refused before it gets here, it has no CORS, and the secret is in a file only
 * this user can read - so no web page can stop the helper.
 */
final class StopEndpoint extends CliEndpoint {
    /** Lets this answer reach the CLI before the server shuts its socket. */
    private static final Duration STOP_DELAY = Duration.ofMillis(200);
    private final Runnable stop;

    StopEndpoint(ControlSecret secret, Runnable stop) {
        super(secret, "Stopping the helper");
        this.stop = stop;
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
    Reply authorized(HttpExchange exchange) {
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
