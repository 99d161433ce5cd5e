package net.flydex.helper.pairing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import net.flydex.helper.uplink.ControlPlaneClient;
import net.flydex.helper.uplink.ServerUrls;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The control-plane routes a browserless desktop needs to pair itself. */
final class PairingClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private Optional<String> sessionToken = Optional.empty();

    PairingClient(URI server) {
        this.server = ServerUrls.checked(server);
    }

    /** {claimCode, pollToken, pairUrl, expiresAt} */
    JsonNode createClaim(String machineName, String platform) throws IOException {
        return post("/api/pairing/claims", json().put("machineName", machineName).put("platform", platform));
    }

    /** {status, expiresAt}; the first "approved" also carries the session token, which is kept. */
    JsonNode claimStatus(String pollToken) throws IOException {
        JsonNode status = post("/api/pairing/claims/status", json().put("pollToken", pollToken).put("tokenInBody", true));
        if (status.hasNonNull("sessionToken")) {
            sessionToken = Optional.of(status.path("sessionToken").asString());
        }
        return status;
    }

    boolean signedIn() {
        return sessionToken.isPresent();
    }

    /** {id, connectToken, expiresAt, status} */
    JsonNode startLocalConnect() throws IOException {
        return post("/api/local-connect/start", json());
    }

    JsonNode localConnect(String id) throws IOException {
        return send(request("/api/local-connect/" + id).GET());
    }

    JsonNode finalizeLocalConnect(String id) throws IOException {
        return post("/api/local-connect/" + id + "/finalize", json());
    }

    /** Ends the pairing session: the helper authenticates with its key from now on. */
    void signOut() throws IOException {
        if (sessionToken.isPresent()) {
            post("/api/auth/signout", json());
            sessionToken = Optional.empty();
        }
    }

    private static ObjectNode json() {
        return WireJson.mapper().createObjectNode();
    }

    private JsonNode post(String path, JsonNode body) throws IOException {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.resolve(path)).timeout(TIMEOUT);
        sessionToken.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? json() : WireJson.mapper().readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new ControlPlaneClient.Refused(response.statusCode(), body.path("error").path("code").asString("unknown"));
            }
            return body;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IOException("the FlyDex server answered something that is not JSON", e);
        }
    }
}
