package net.flydex.server.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.ApiClient.Response;

/** The pairing routes as the desktop page (create, status) and the phone (inspect, approve, deny) call them. */
record PairingApi(ApiClient client) {
    static final String CLAIMS = "/api/pairing/claims";

    /** What the desktop keeps from a created claim. */
    record Claim(String code, String pollToken, String pairUrl, Instant expiresAt) {}

    Response create(String machineName, String platform) {
        return client.post(CLAIMS, Map.of("machineName", machineName, "platform", platform));
    }

    Claim createClaim() {
        return createClaim("Ada's laptop", "linux-x64");
    }

    Claim createClaim(String machineName, String platform) {
        Response created = create(machineName, platform);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return new Claim(created.body().path("claimCode").asString(), created.body().path("pollToken").asString(),
                created.body().path("pairUrl").asString(), Instant.parse(created.body().path("expiresAt").asString()));
    }

    Response inspect(String claimCode) {
        return client.post(CLAIMS + "/inspect", Map.of("claimCode", claimCode));
    }

    Response approve(String claimCode) {
        return client.post(CLAIMS + "/approve", Map.of("claimCode", claimCode));
    }

    /** An approval carrying the phone's end-to-end introduction, or any JSON in its place. */
    Response approve(String claimCode, Object introduction) {
        var body = new java.util.HashMap<String, Object>(); // Map.of refuses the null a case sends
        body.put("claimCode", claimCode);
        body.put("introduction", introduction);
        return client.post(CLAIMS + "/approve", body);
    }

    Response deny(String claimCode) {
        return client.post(CLAIMS + "/deny", Map.of("claimCode", claimCode));
    }

    Response status(String pollToken) {
        return client.post(CLAIMS + "/status", Map.of("pollToken", pollToken));
    }

    /** A CLI's poll: the session's secrets come in the body. */
    Response statusWithTokens(String pollToken) {
        return client.post(CLAIMS + "/status", Map.of("pollToken", pollToken, "tokenInBody", true));
    }

    static String statusOf(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body().path("status").asString();
    }
}
