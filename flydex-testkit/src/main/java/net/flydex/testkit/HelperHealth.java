package net.flydex.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a helper's {@code /v1/health}; an empty object while nothing answers yet or the helper is
 * still starting (its {@code 503 "starting"} answer, docs/api.md), for polling: what a test reads
 * is a started helper's answer.
 */
public final class HelperHealth {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int STARTING = 503;

    private HelperHealth() {}

    public static JsonNode read(int port) {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == STARTING ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException notYet) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
