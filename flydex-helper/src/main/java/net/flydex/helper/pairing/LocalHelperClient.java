package net.flydex.helper.pairing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/** The running helper's local API, as {@code flydex pair} uses it (no Origin: not a browser). */
final class LocalHelperClient {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LocalHelperClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    JsonNode health() throws IOException {
        return send(HttpRequest.newBuilder(base.resolve("/v1/health")).GET());
    }

    void connect(URI server, String localConnectId, String connectToken) throws IOException {
        String body = WireJson.mapper().createObjectNode().put("server", server.toString())
                .put("localConnectId", localConnectId).put("connectToken", connectToken).toString();
        send(HttpRequest.newBuilder(base.resolve("/v1/connect")).header("Content-Type", "application/json")
                .header("X-FlyDex-Client", "web").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = WireJson.mapper().readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("the local helper refused: " + body.path("error").path("message").asString(""));
            }
            return body;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
