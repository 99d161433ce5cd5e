package net.flydex.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.Test;

/**
 * Rate limits and "requested from" behind a reverse proxy: with {@code --trusted-proxy} naming it,
 * each client has its own budget; without, a forwarded header picks nothing.
 */
class ForwardedClientTest {
    /** Uses up the sign-in budget per address, each attempt with a fresh email so the per-email budget stays out of it. */
    private static void useUpSigninBudget(ApiClient client, String label) {
        for (int i = 0; i < AccountRoutes.SIGNIN_PER_IP.permits(); i++) {
            assertThat(client.post("/api/auth/signin", Map.of("email", label + i + "@example.com", "password", "wrong password")).status())
                    .isEqualTo(401);
        }
        assertThat(client.post("/api/auth/signin", Map.of("email", label + "-last@example.com", "password", "wrong password")).status())
                .isEqualTo(429);
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnSigninBudget() throws Exception {
        try (var harness = ServerHarness.sqliteBehind("127.0.0.1")) {
            useUpSigninBudget(harness.cli().withHeader("X-Forwarded-For", "203.0.113.7"), "a");

            var other = harness.cli().withHeader("X-Forwarded-For", "203.0.113.8");
            assertThat(other.post("/api/auth/signin", Map.of("email", "b@example.com", "password", "wrong password")).status())
                    .isEqualTo(401);
            // Prepending an address of its choice gives the first client no new budget: the proxy's entry is on the right.
            var spoofing = harness.cli().withHeader("X-Forwarded-For", "192.0.2.1, 203.0.113.7");
            assertThat(spoofing.post("/api/auth/signin", Map.of("email", "c@example.com", "password", "wrong password")).status())
                    .isEqualTo(429);
        }
    }

    @Test
    void withoutATrustedProxyAForwardedHeaderPicksNoBudget() throws Exception {
        try (var harness = ServerHarness.sqlite()) {
            useUpSigninBudget(harness.cli().withHeader("X-Forwarded-For", "203.0.113.7"), "a");

            var other = harness.cli().withHeader("X-Forwarded-For", "203.0.113.8");
            assertThat(other.post("/api/auth/signin", Map.of("email", "b@example.com", "password", "wrong password")).status())
                    .isEqualTo(429);
        }
    }

    @Test
    void thePhoneSeesTheDesktopsOwnAddressBehindTheProxy() throws Exception {
        try (var harness = ServerHarness.sqliteBehind("127.0.0.1")) {
            var desktop = harness.browser().withHeader("X-Forwarded-For", "198.51.100.23");
            var created = desktop.post("/api/pairing/claims", Map.of("machineName", "Ada's laptop", "platform", "linux-x64"));
            assertThat(created.status()).isEqualTo(201);
            var phone = harness.browser().withHeader("X-Forwarded-For", "203.0.113.50");
            assertThat(phone.post("/api/auth/signup", Map.of("email", "ada@example.com", "password", "correct horse battery")).status())
                    .isEqualTo(201);

            var inspected = phone.post("/api/pairing/claims/inspect", Map.of("claimCode", created.body().path("claimCode").asString()));

            assertThat(inspected.status()).isEqualTo(200);
            assertThat(inspected.body().path("requestedFrom").asString()).isEqualTo("198.51.100.23");
        }
    }
}
