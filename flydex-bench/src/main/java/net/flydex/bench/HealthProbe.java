package net.flydex.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code GET http://127.0.0.1:P/v1/health}, as the landing page asks it; loopback only. */
final class HealthProbe implements AutoCloseable {
    private static final int OK = 200;
    private static final int STARTING = 503;
    /** A local answer takes milliseconds; a longer wait means the helper is not serving yet. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    // HTTP/1.1 because the local API speaks nothing else; an h2c upgrade attempt would only add noise.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT)
            .build();

    /**
     * One answer of {@code /v1/health}: a started helper's ({@code 200}), or one still starting
     * ({@code 503 "starting"}, docs/api.md).
     */
    record Answer(boolean started, JsonNode health) {}

    /** The health document, or empty while nothing answers 200 on that port. */
    Optional<JsonNode> fetch(int port) {
        return answer(port).filter(Answer::started).map(Answer::health);
    }

    /** A started or starting helper's answer, or empty while nothing answers either on that port. */
    Optional<Answer> answer(int port) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health"))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode health = WireJson.mapper().readTree(response.body());
            boolean starting = response.statusCode() == STARTING && health.path("status").asString("").equals("starting");
            return response.statusCode() == OK || starting ? Optional.of(new Answer(!starting, health)) : Optional.empty();
        } catch (IOException | JacksonException notServingYet) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing health", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
