package net.flydex.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The account page's session list and signing out a chosen session, on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(Backend.class)
class SessionListTest {
    @Parameter
    Backend backend;

    private ServerHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = backend.start();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private ApiClient signIn(String email) {
        ApiClient browser = harness.browser();
        assertThat(browser.post("/api/auth/signin", Map.of("email", email, "password", "correct horse battery")).status()).isEqualTo(200);
        return browser;
    }

    private static String currentId(ApiClient browser) {
        return browser.get("/api/me").body().path("session").path("id").asString();
    }

    @Test
    void theListShowsEveryLiveSessionWithThisOneMarkedAndNoSecrets() {
        ApiClient phone = harness.signedUpBrowser("list@example.com");
        ApiClient laptop = signIn("list@example.com");
        harness.signedUpBrowser("other@example.com");

        var listed = phone.get("/api/auth/sessions");

        assertThat(listed.status()).isEqualTo(200);
        JsonNode sessions = listed.body().path("sessions");
        assertThat(sessions.findValuesAsString("id")).containsExactlyInAnyOrder(currentId(phone), currentId(laptop));
        for (JsonNode session : sessions) {
            assertThat(session.path("current").asBoolean()).isEqualTo(session.path("id").asString().equals(currentId(phone)));
            assertThat(session.propertyNames()).containsExactlyInAnyOrder("id", "createdAt", "expiresAt", "current");
        }
    }

    @Test
    void signingOutAnotherSessionEndsItAndSigningOutThisOneClearsTheCookies() {
        ApiClient phone = harness.signedUpBrowser("out@example.com");
        ApiClient laptop = signIn("out@example.com");

        assertThat(phone.delete("/api/auth/sessions/" + currentId(laptop)).status()).isEqualTo(204);
        assertThat(laptop.get("/api/me").status()).isEqualTo(401);
        assertThat(phone.get("/api/auth/sessions").body().path("sessions")).hasSize(1);

        var self = phone.delete("/api/auth/sessions/" + currentId(phone));
        assertThat(self.status()).isEqualTo(204);
        assertThat(self.headers().get("set-cookie")).anySatisfy(c -> assertThat(c).contains("flydex_session=;").contains("Expires=Thu, 01 Jan 1970"));
        assertThat(phone.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void anotherAccountsSessionReadsAsMissingAndStaysAlive() {
        ApiClient victim = harness.signedUpBrowser("victim@example.com");
        ApiClient attacker = harness.signedUpBrowser("attacker@example.com");
        String victimSession = currentId(victim);

        var attempt = attacker.delete("/api/auth/sessions/" + victimSession);
        var unknown = attacker.delete("/api/auth/sessions/ses_doesnotexist");

        assertThat(attempt.status()).isEqualTo(404);
        assertThat(attempt.body()).isEqualTo(unknown.body());
        assertThat(attempt.errorCode()).isEqualTo("not_found");
        assertThat(victim.get("/api/me").status()).isEqualTo(200);
        assertThat(attacker.get("/api/auth/sessions").body().path("sessions").findValuesAsString("id")).doesNotContain(victimSession);
    }

    @Test
    void noSessionForeignOriginsAndOddIdsAreRefusedAndChangeNothing() {
        ApiClient phone = harness.signedUpBrowser("guard@example.com");
        ApiClient laptop = signIn("guard@example.com");
        String laptopSession = currentId(laptop);

        assertThat(harness.cli().get("/api/auth/sessions").status()).isEqualTo(401);
        assertThat(harness.cli().delete("/api/auth/sessions/" + laptopSession).status()).isEqualTo(401);
        phone.withOrigin("http://evil.example");
        assertThat(phone.delete("/api/auth/sessions/" + laptopSession).errorCode()).isEqualTo("bad_origin");
        phone.withOrigin(ServerHarness.PUBLIC_URL);
        assertThat(phone.delete("/api/auth/sessions/" + "x".repeat(5000)).status()).isIn(404, 414, 431);
        assertThat(phone.delete("/api/auth/sessions/%27%20OR%201=1--").status()).isEqualTo(404);
        assertThat(laptop.get("/api/me").status()).isEqualTo(200);
    }
}
