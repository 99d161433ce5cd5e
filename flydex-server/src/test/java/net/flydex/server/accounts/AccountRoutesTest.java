package net.flydex.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

/** Accounts and sessions over HTTP, on SQLite and on PostgreSQL. */
@ParameterizedClass
@EnumSource(Backend.class)
class AccountRoutesTest {
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

    @Test
    void signupSetsHardenedCookiesAndMeDescribesTheAccountAndTrial() {
        ApiClient browser = harness.browser();
        var signup = browser.post("/api/auth/signup", Map.of("email", "Ada@Example.com", "password", "correct horse battery"));

        assertThat(signup.status()).isEqualTo(201);
        assertThat(signup.body().path("account").path("email").asString()).isEqualTo("ada@example.com");
        assertThat(signup.body().has("sessionToken")).isFalse();
        assertThat(signup.headers().get("set-cookie")).anySatisfy(c -> assertThat(c).contains("flydex_session=")
                .contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/"));

        var me = browser.get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("account").path("id").asString()).startsWith("acc_");
        assertThat(me.body().path("access").path("state").asString()).isEqualTo("trial");
        assertThat(me.body().path("session").path("expiresAt").asString()).isNotBlank();
    }

    @Test
    void theTrialEndsAfter72Hours() {
        ApiClient browser = harness.signedUpBrowser("t@example.com");
        harness.clock.advance(Duration.ofHours(72).plusSeconds(1));
        assertThat(browser.get("/api/me").body().path("access").path("state").asString()).isEqualTo("expired");
    }

    @Test
    void signinAcceptsTheRightPasswordAndRefusesWrongOnesAlike() {
        harness.signedUpBrowser("b@example.com");
        ApiClient cli = harness.cli();

        var ok = cli.post("/api/auth/signin", Map.of("email", "b@example.com", "password", "correct horse battery", "tokenInBody", true));
        var wrong = cli.post("/api/auth/signin", Map.of("email", "b@example.com", "password", "wrong password!"));
        var unknown = cli.post("/api/auth/signin", Map.of("email", "nobody@example.com", "password", "wrong password!"));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("sessionToken").asString()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
        assertThat(harness.cli().withBearer(ok.body().path("sessionToken").asString()).get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void duplicateEmailsShortPasswordsAndBadInputAreRefused() {
        harness.signedUpBrowser("dup@example.com");
        ApiClient browser = harness.browser();
        assertThat(browser.post("/api/auth/signup", Map.of("email", "DUP@example.com", "password", "correct horse battery")).status())
                .isEqualTo(409);
        assertThat(browser.post("/api/auth/signup", Map.of("email", "short@example.com", "password", "123456789")).errorCode())
                .isEqualTo("bad_request");
        for (String body : new String[] {"{", "[]", "{\"email\":1,\"password\":\"correct horse battery\"}",
                "{\"email\":\"a@b.co\"}", "{\"email\":\"a@b.co\",\"email\":\"c@d.co\",\"password\":\"correct horse battery\"}",
                "{\"email\":\"not-an-email\",\"password\":\"correct horse battery\"}", "null", "\"text\""}) {
            var response = browser.raw("POST", "/api/auth/signup", "application/json", body.getBytes());
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.errorCode()).as(body).isEqualTo("bad_request");
        }
        var huge = browser.raw("POST", "/api/auth/signup", "application/json", new byte[200 * 1024]);
        assertThat(huge.status()).isIn(400, 413);
        assertThat(browser.raw("POST", "/api/auth/signup", "text/plain", "{}".getBytes()).status()).isEqualTo(415);
    }

    @Test
    void aForeignOriginCannotChangeState() {
        var foreign = harness.cli().withOrigin("https://evil.example");
        var response = foreign.post("/api/auth/signup", Map.of("email", "x@example.com", "password", "correct horse battery"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("bad_origin");
        assertThat(harness.cli().post("/api/auth/signin", Map.of("email", "x@example.com", "password", "correct horse battery"))
                .status()).isEqualTo(401);
    }

    @Test
    void refreshRotatesAndAReusedRefreshTokenRevokesTheSession() {
        ApiClient cli = harness.cli();
        var signup = cli.post("/api/auth/signup", Map.of("email", "r@example.com", "password", "correct horse battery", "tokenInBody", true));
        String firstRefresh = signup.body().path("refreshToken").asString();

        harness.clock.advance(Duration.ofDays(10));
        var refreshed = harness.cli().post("/api/auth/refresh", Map.of("refreshToken", firstRefresh, "tokenInBody", true));
        assertThat(refreshed.status()).isEqualTo(200);
        String newSession = refreshed.body().path("sessionToken").asString();
        harness.clock.advance(Duration.ofDays(10));
        assertThat(harness.cli().withBearer(newSession).get("/api/me").status()).as("window moved by the refresh").isEqualTo(200);

        var reused = harness.cli().post("/api/auth/refresh", Map.of("refreshToken", firstRefresh));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.errorCode()).isEqualTo("session_revoked");
        assertThat(harness.cli().withBearer(newSession).get("/api/me").status()).isEqualTo(401);
        var successor = harness.cli().post("/api/auth/refresh", Map.of("refreshToken", refreshed.body().path("refreshToken").asString()));
        assertThat(successor.status()).isEqualTo(401);
    }

    @Test
    void aSessionEndsAfterItsWindowWithoutRefresh() {
        ApiClient browser = harness.signedUpBrowser("w@example.com");
        harness.clock.advance(Sessions.WINDOW.plusSeconds(1));
        assertThat(browser.get("/api/me").status()).isEqualTo(401);
        ApiClient.Response refresh = browser.post("/api/auth/refresh", "{}");
        assertThat(refresh.status()).isEqualTo(401);
        assertThat(refresh.errorCode()).as("ran out, not taken away: the browser keeps its keys").isEqualTo("session_expired");
    }

    @Test
    void aRefreshAfterASignOutElsewhereSaysTheSessionWasRevoked() {
        ApiClient browser = harness.signedUpBrowser("r@example.com");
        ApiClient other = signIn("r@example.com");
        assertThat(other.delete("/api/auth/sessions/" + currentId(browser)).status()).isEqualTo(204);

        ApiClient.Response refresh = browser.post("/api/auth/refresh", "{}");
        assertThat(refresh.status()).isEqualTo(401);
        assertThat(refresh.errorCode()).isEqualTo("session_revoked");
    }

    @Test
    void signoutRevokesTheSessionServerSide() {
        ApiClient cli = harness.cli();
        String token = cli.post("/api/auth/signup", Map.of("email", "s@example.com", "password", "correct horse battery", "tokenInBody", true))
                .body().path("sessionToken").asString();
        ApiClient bearer = harness.cli().withBearer(token);

        assertThat(bearer.post("/api/auth/signout", "{}").status()).isEqualTo(204);
        assertThat(bearer.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void signinIsRateLimitedWithRetryAfter() {
        ApiClient cli = harness.cli();
        ApiClient.Response last = null;
        for (int i = 0; i <= AccountRoutes.SIGNIN_PER_EMAIL.permits(); i++) {
            last = cli.post("/api/auth/signin", Map.of("email", "victim@example.com", "password", "guess number " + i));
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.errorCode()).isEqualTo("rate_limited");
        assertThat(last.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    }

    @Test
    void unknownRoutesAnswerJsonNotFound() {
        var response = harness.cli().get("/api/nothing-here");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
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
    void theListShowsEveryLiveSessionWithThisOneMarkedItsDeviceAndNoSecrets() {
        ApiClient phone = harness.signedUpBrowser("list@example.com");
        ApiClient laptop = harness.browser().withHeader("User-Agent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0");
        assertThat(laptop.post("/api/auth/signin", Map.of("email", "list@example.com", "password", "correct horse battery")).status())
                .isEqualTo(200);
        harness.signedUpBrowser("other@example.com");

        var listed = phone.get("/api/auth/sessions");

        assertThat(listed.status()).isEqualTo(200);
        JsonNode sessions = listed.body().path("sessions");
        assertThat(sessions.findValuesAsString("id")).containsExactlyInAnyOrder(currentId(phone), currentId(laptop));
        for (JsonNode session : sessions) {
            assertThat(session.path("current").asBoolean()).isEqualTo(session.path("id").asString().equals(currentId(phone)));
            assertThat(session.propertyNames()).containsExactlyInAnyOrder("id", "createdAt", "expiresAt", "device", "current");
        }
        JsonNode laptopSession = sessions.valueStream().filter(session -> session.path("id").asString().equals(currentId(laptop)))
                .findFirst().orElseThrow();
        assertThat(laptopSession.path("device").asString()).isEqualTo("Firefox on Windows");
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
