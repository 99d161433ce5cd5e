package net.flydex.helper.uplink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few HTTP calls the helper makes to the control plane, authorized by a connect token. Close it
 * when done: its HttpClient's selector thread otherwise wakes every 3 s until a collection notices
 * the client is gone, which in a helper's small, quiet heap may be hours.
 */
public final class ControlPlaneClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** The server said no: its status and contract error code, for logs and /v1/health. */
    public static final class Refused extends IOException {
        private final int status;
        private final String code;

        public Refused(int status, String code) {
            super("the FlyDex server refused the request (" + status + " " + code + ")");
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final URI server;
    private final HttpClient http;

    public ControlPlaneClient(URI server) {
        this.server = ServerUrls.checked(server);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** Registers this machine's public key; the same key on the same account keeps its id. */
    public String register(String connectToken, String publicKey, String name, String platform, String helperVersion)
            throws IOException {
        ObjectNode body = WireJson.mapper().createObjectNode().put("connectToken", connectToken).put("publicKey", publicKey)
                .put("name", name).put("platform", platform).put("helperVersion", helperVersion);
        return post("/api/machines/register", connectToken, body).path("machineId").asString();
    }

    /** Reports a local-connect status; answers whether the browser has finalized. */
    public boolean agentStatus(String localConnectId, String connectToken, String status, String detail) throws IOException {
        ObjectNode body = WireJson.mapper().createObjectNode().put("connectToken", connectToken).put("status", status);
        if (!detail.isEmpty()) {
            body.put("detail", detail);
        }
        return post("/api/local-connect/" + localConnectId + "/agent-status", connectToken, body).path("finalized").asBoolean(false);
    }

    @Override
    public void close() {
        http.close();
    }

    private JsonNode post(String path, String connectToken, JsonNode body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + connectToken)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? WireJson.mapper().createObjectNode() : WireJson.mapper().readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new Refused(response.statusCode(), answer.path("error").path("code").asString("unknown"));
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IOException("the FlyDex server answered something that is not JSON", e);
        }
    }
}
