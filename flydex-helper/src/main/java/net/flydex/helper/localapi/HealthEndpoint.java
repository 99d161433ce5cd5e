package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.util.function.Supplier;
import net.flydex.protocol.Health;

/** {@code GET /v1/health}: what the landing page needs to guide the person, and nothing about their account. */
final class HealthEndpoint implements Endpoint {
    private final Supplier<Health> health;

    HealthEndpoint(Supplier<Health> health) {
        this.health = health;
    }

    @Override
    public String path() {
        return "/v1/health";
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public Reply handle(HttpExchange exchange) {
        return Reply.json(200, HealthJson.bytes(health.get()));
    }
}
