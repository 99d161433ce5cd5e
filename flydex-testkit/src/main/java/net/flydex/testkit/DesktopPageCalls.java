package net.flydex.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the desktop page sends to the helper's local API on 127.0.0.1: JSON with the page's
 * {@code Origin} and the {@code X-FlyDex-Client: web} header its guards require.
 */
public final class DesktopPageCalls {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * A local call answers in milliseconds; one left unanswered (seen once: the JDK's HttpServer
     * holding a request it had accepted) fails the test within this instead of hanging it.
     */
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(20);

    /** The helper's answer: status and parsed body ({@code {}} when empty or not JSON). */
    public record Answer(int status, JsonNode body) {
        public String errorCode() {
            return body.path("error").path("code").asString("");
        }
    }

    private DesktopPageCalls() {}

    /** {@code POST http://127.0.0.1:<port><path>} with {@code body} (a String is sent as it is, anything else as JSON). */
    public static Answer post(String origin, int port, String path, Object body) {
        String json = body instanceof String text ? text : JSON.writeValueAsString(body);
        try (var http = HttpClient.newHttpClient()) {
            // HTTP/1.1 as a browser speaks it to the helper, without the h2c upgrade the JDK's client would offer.
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).version(HttpClient.Version.HTTP_1_1).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("X-FlyDex-Client", "web").header("Origin", origin)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                parsed = JSON.createObjectNode();
            }
            return new Answer(response.statusCode(), parsed);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
