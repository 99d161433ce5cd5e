package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import net.flydex.protocol.MachineKeys;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * T12: secrets and content never reach the database or the logs. Canary strings (passwords,
 * fields that should never be kept, malformed bodies) and every secret the server issues are
 * pushed through every route and the agent socket of a real server process; afterwards its
 * database files and everything it logged are searched for them.
 */
class CanaryIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void noSecretOrCanaryIsStoredOrLogged() throws Exception {
        List<String> secrets = new ArrayList<>(List.of("canary-password-7f3a9c01", "canary-wrong-password-8b2d",
                "canary-extra-field-5e1f", "canary-malformed-2c7a", "canary-claim-guess-9d0b", "canary-signature-4a6e",
                "canary-poll-guess-3f8c", "canary-connect-guess-6b1d"));
        try (var server = new ServerProcess(dir.resolve("data"))) {
            await().atMost(WAIT).until(server::ready);
            ApiClient phone = server.browser();
            JsonNode signup = phone.post("/api/auth/signup", Map.of("email", "canary@example.com",
                    "password", "canary-password-7f3a9c01", "note", "canary-extra-field-5e1f", "tokenInBody", true)).body();
            secrets.add(signup.path("sessionToken").asString());
            secrets.add(signup.path("refreshToken").asString());
            server.cli().post("/api/auth/signin", Map.of("email", "canary@example.com", "password", "canary-wrong-password-8b2d"));
            server.cli().raw("POST", "/api/auth/signin", "application/json",
                    "{\"email\":\"canary-malformed-2c7a".getBytes(StandardCharsets.UTF_8));
            JsonNode other = server.cli().post("/api/auth/signup", Map.of("email", "canary2@example.com",
                    "password", "canary-password-7f3a9c01", "tokenInBody", true)).body();
            JsonNode refreshed = server.cli().post("/api/auth/refresh",
                    Map.of("refreshToken", other.path("refreshToken").asString(), "tokenInBody", true)).body();
            secrets.add(refreshed.path("sessionToken").asString());
            secrets.add(refreshed.path("refreshToken").asString());

            ApiClient desktop = server.browser();
            JsonNode claim = desktop.post("/api/pairing/claims", Map.of("machineName", "desk", "platform", "linux-x64")).body();
            String code = URI.create(claim.path("pairUrl").asString()).getFragment();
            secrets.add(code);
            secrets.add(claim.path("pollToken").asString());
            phone.post("/api/pairing/claims/inspect", Map.of("claimCode", "canary-claim-guess-9d0b"));
            phone.post("/api/pairing/claims/approve", Map.of("claimCode", code));
            desktop.post("/api/pairing/claims/status", Map.of("pollToken", "canary-poll-guess-3f8c"));
            JsonNode status = desktop.post("/api/pairing/claims/status", Map.of("pollToken", claim.path("pollToken").asString(),
                    "tokenInBody", true)).body();
            secrets.add(status.path("sessionToken").asString());
            secrets.add(status.path("refreshToken").asString());

            JsonNode local = desktop.post("/api/local-connect/start", "{}").body();
            String connectToken = local.path("connectToken").asString();
            secrets.add(connectToken);
            var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            server.cli().post("/api/machines/register", Map.of("connectToken", "canary-connect-guess-6b1d",
                    "publicKey", "AAAA", "name", "x", "platform", "linux-x64", "helperVersion", "1"));
            String machineId = server.cli().post("/api/machines/register", Map.of("connectToken", connectToken,
                    "publicKey", Base64.getEncoder().encodeToString(MachineKeys.raw(keys.getPublic())), "name", "desk",
                    "platform", "linux-x64", "helperVersion", "1")).body().path("machineId").asString();
            desktop.post("/api/local-connect/" + local.path("id").asString() + "/finalize", "{}");
            helloWithSignature(server.url, machineId, "canary-signature-4a6e");
            phone.patch("/api/machines/" + machineId, Map.of("name", "renamed desk"));
            phone.get("/api/machines");
            phone.delete("/api/machines/" + machineId);
            phone.post("/api/auth/signout", "{}");
            server.stop();

            assertThat(secrets).doesNotContain("");
            String stored = readAll(server.dataDir);
            String logged = String.join("\n", server.output);
            assertThat(logged).contains("flydex-server ready");
            for (String secret : secrets) {
                assertThat(stored).as("database files").doesNotContain(secret);
                assertThat(logged).as("logs").doesNotContain(secret);
            }
            assertThat(stored).as("the events happened and were audited").contains("MACHINE_REVOKED", "SIGNIN_FAILED", "AGENT_REFUSED");
        }
    }

    /** Opens /ws/agent and answers the challenge with a forged signature; the server must refuse it. */
    private static void helloWithSignature(URI server, String machineId, String signature) throws Exception {
        var closed = new CompletableFuture<Integer>();
        try (var http = HttpClient.newHttpClient()) {
            http.newWebSocketBuilder().buildAsync(URI.create("ws://" + server.getAuthority() + "/ws/agent"), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    ws.sendText("{\"type\":\"hello\",\"machineId\":\"" + machineId + "\",\"signature\":\"" + signature
                            + "\",\"helperVersion\":\"1\",\"codexStatus\":\"ready\"}", true);
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                    closed.complete(code);
                    return null;
                }
            }).join();
            assertThat(closed.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4401);
        }
    }

    private static String readAll(Path dataDir) throws Exception {
        var text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }
}
