package net.flydex.helper.pairing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * The running helper's local API, as the {@code flydex} commands use it (no Origin: not a
 * browser): health and connect for {@code pair}, offers and introductions as the desktop page
 * takes them, and the CLI-only device routes with the control file's secret.
 */
public final class LocalHelperClient {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LocalHelperClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    JsonNode health() throws IOException {
        return send(HttpRequest.newBuilder(base.resolve("/v1/health")).GET());
    }

    void connect(URI server, String localConnectId, String connectToken) throws IOException {
        String body = WireJson.mapper().createObjectNode().put("server", server.toString())
                .put("localConnectId", localConnectId).put("connectToken", connectToken).toString();
        send(web("/v1/connect", body));
    }

    /** {@code {offer, helperFingerprint, expiresAt}}: a QR offer, as the desktop page takes one. */
    JsonNode offer() throws IOException {
        return send(web("/v1/e2e/offer", "{}"));
    }

    /** Hands the helper an introduction (the phone's, from an approved claim); {@code {deviceId, proof, deviceFingerprint, helperFingerprint}}. */
    JsonNode introduce(JsonNode introduction) throws IOException {
        var body = WireJson.mapper().createObjectNode();
        body.set("introduction", introduction);
        return send(web("/v1/e2e/introduce", body.toString()));
    }

    /** {@code {devices:[{deviceId,name,fingerprint,introducedAt,current}], helperFingerprint}} */
    public JsonNode devices(String controlSecret) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve("/v1/devices")).header("Authorization", "Bearer " + controlSecret).GET());
    }

    /** Revokes a trusted device; an IOException names the helper's refusal (an unknown id, say). */
    public void revokeDevice(String controlSecret, String deviceId) throws IOException {
        send(cliPost(controlSecret, "/v1/devices/revoke", WireJson.mapper().createObjectNode().put("deviceId", deviceId)));
    }

    /** Renames a trusted device; an IOException names the helper's refusal (an unknown id, a bad name). */
    public void renameDevice(String controlSecret, String deviceId, String name) throws IOException {
        send(cliPost(controlSecret, "/v1/devices/rename", WireJson.mapper().createObjectNode().put("deviceId", deviceId).put("name", name)));
    }

    private HttpRequest.Builder cliPost(String controlSecret, String path, JsonNode body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + controlSecret)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private HttpRequest.Builder web(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json").header("X-FlyDex-Client", "web")
                .POST(HttpRequest.BodyPublishers.ofString(json));
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
