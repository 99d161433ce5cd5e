package net.flydex.testkit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test's HTTP client for the control plane: one cookie jar (a "browser" when it sends the
 * server's Origin), optional bearer token (a CLI), raw bodies for malformed-input tests.
 */
public final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer: status, parsed body ({@code {}} when empty or not JSON), headers. */
    public record Response(int status, JsonNode body, Map<String, java.util.List<String>> headers) {
        public String errorCode() {
            return body.path("error").path("code").asString("");
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    private final URI base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    /** Acts as a browser on this origin: sends it as {@code Origin} on every request. */
    public ApiClient withOrigin(String origin) {
        headers.put("Origin", origin);
        return this;
    }

    public ApiClient withBearer(String token) {
        headers.put("Authorization", "Bearer " + token);
        return this;
    }

    /** Sends this header on every request, as a proxy in front of the server would add it. */
    public ApiClient withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ApiClient withoutHeader(String name) {
        headers.remove(name);
        return this;
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").POST(publisher(body)));
    }

    public Response patch(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").method("PATCH", publisher(body)));
    }

    /** Sends exactly these bytes with this content type: for malformed-input tests. */
    public Response raw(String method, String path, String contentType, byte[] body) {
        return send(builder(path).header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public CookieManager cookies() {
        return cookies;
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
        headers.forEach(builder::header);
        return builder;
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        String json = body instanceof String text ? text : JSON.writeValueAsString(body);
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                body = JSON.createObjectNode();
            }
            return new Response(response.statusCode(), body, response.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
