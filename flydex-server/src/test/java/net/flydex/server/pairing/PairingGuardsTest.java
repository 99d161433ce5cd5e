package net.flydex.server.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.flydex.protocol.Limits;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.pairing.PairingApi.Claim;
import net.flydex.server.ratelimit.RateLimiter.Budget;
import net.flydex.server.security.Tokens;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.ApiClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the pairing routes refuse (T3, T11, bad input, CSRF), each time changing nothing. */
class PairingGuardsTest {
    private static final String EVIL_ORIGIN = "https://evil.example";

    private ServerHarness harness;
    private PairingApi desktop;
    private PairingApi phone;

    @BeforeEach
    void start() throws Exception {
        harness = ServerHarness.sqlite();
        desktop = new PairingApi(harness.browser());
        phone = new PairingApi(harness.signedUpBrowser("phone@example.com"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void machineNamesThatCouldForgeALogLineOrSpoofTheConsentScreenAreRefused() {
        for (String name : List.of("laptop\r\n2026-01-01T00:00:00Z INFO forged", "a\nb", "\u202Eexe.gnp", "x\u2066y\u2069",
                "nul\u0000", "del\u007F", "c1\u0085", "line\u2028sep", "zero\u200Bwidth", "", "   ", "x".repeat(65))) {
            assertBadRequest(desktop.create(name, "linux-x64"));
        }
        for (String platform : List.of("", "Linux", "linux x64", "linux\n", "l".repeat(33))) {
            assertBadRequest(desktop.create("laptop", platform));
        }
        assertBadRequest(raw(PairingApi.CLAIMS, "{\"machineName\":\"lone \\ud800 surrogate\",\"platform\":\"linux\"}"));
        assertThat(claims()).isZero();
    }

    @Test
    void malformedBodiesOnEveryRouteAnswer400AndChangeNothing() {
        Claim claim = desktop.createClaim();
        String nested = "{\"claimCode\":" + "[".repeat(300) + "]".repeat(300) + "}";
        List<String> anyRoute = List.of("{", "[]", "null", "\"text\"", "{}", "{\"claimCode\":\"abc\",\"pollToken\":\"x", nested,
                "{\"a\":1} {\"b\":2}");
        Map<String, List<String>> byRoute = Map.of(
                PairingApi.CLAIMS, List.of("{\"machineName\":1,\"platform\":\"linux\"}", "{\"machineName\":\"a\"}",
                        "{\"platform\":\"linux\"}", "{\"machineName\":null,\"platform\":\"linux\"}",
                        "{\"machineName\":\"a\",\"machineName\":\"b\",\"platform\":\"linux\"}"),
                PairingApi.CLAIMS + "/inspect", codeBodies("claimCode", claim.code()),
                PairingApi.CLAIMS + "/approve", codeBodies("claimCode", claim.code()),
                PairingApi.CLAIMS + "/deny", codeBodies("claimCode", claim.code()),
                PairingApi.CLAIMS + "/status", concat(codeBodies("pollToken", claim.pollToken()),
                        List.of("{\"pollToken\":\"" + claim.pollToken() + "\",\"tokenInBody\":\"yes\"}")));

        byRoute.forEach((route, specific) -> {
            for (String body : concat(anyRoute, specific)) {
                assertBadRequest(raw(route, body));
            }
            assertThat(oversized(route)).as(route).isEqualTo(413);
        });

        assertThat(claims()).isEqualTo(1);
        assertThat(phone.inspect(claim.code()).status()).as("still pending").isEqualTo(200);
        assertThat(PairingApi.statusOf(desktop.status(claim.pollToken()))).isEqualTo("pending");
    }

    @Test
    void inspectApproveAndDenyNeedASession() {
        Claim claim = desktop.createClaim();

        for (ApiClient stranger : List.of(harness.browser(), harness.cli().withBearer(Tokens.newSecret()))) {
            var api = new PairingApi(stranger);
            for (Response response : List.of(api.inspect(claim.code()), api.approve(claim.code()), api.deny(claim.code()))) {
                assertThat(response.status()).as("%s", response).isEqualTo(401);
                assertThat(response.errorCode()).isEqualTo("unauthorized");
            }
        }
        assertThat(PairingApi.statusOf(desktop.status(claim.pollToken()))).isEqualTo("pending");
    }

    @Test
    void aForeignOriginIsRefusedOnEveryRoute() {
        Claim claim = desktop.createClaim();
        var evilDesktop = new PairingApi(harness.cli().withOrigin(EVIL_ORIGIN));
        var evilPhone = new PairingApi(phone.client().withOrigin(EVIL_ORIGIN));
        try {
            // A hostile page must not make a browser collect someone's session (login CSRF).
            for (Response response : List.of(evilDesktop.create("laptop", "linux-x64"), evilDesktop.status(claim.pollToken()),
                    evilPhone.inspect(claim.code()), evilPhone.approve(claim.code()), evilPhone.deny(claim.code()))) {
                assertThat(response.status()).as("%s", response).isEqualTo(403);
                assertThat(response.errorCode()).isEqualTo("bad_origin");
            }
        } finally {
            phone.client().withOrigin(ServerHarness.PUBLIC_URL);
        }
        assertThat(claims()).isEqualTo(1);
        assertThat(phone.inspect(claim.code()).status()).isEqualTo(200);
    }

    @Test
    void theFlydexPairCliSendsNoOriginAndIsAllowed() {
        var cli = new PairingApi(harness.cli());
        Claim claim = cli.createClaim();
        assertThat(PairingApi.statusOf(cli.status(claim.pollToken()))).isEqualTo("pending");
    }

    @Test
    void aBurstOfWrongCodesIsRateLimitedPerAccountEvenForTheRightCode() {
        Claim claim = desktop.createClaim();
        spend(phone, PairingRoutes.CODE_PER_ACCOUNT.permits());

        assertRateLimited(phone.inspect(Tokens.newSecret()), PairingRoutes.CODE_PER_ACCOUNT);
        assertRateLimited(phone.approve(claim.code()), PairingRoutes.CODE_PER_ACCOUNT);

        harness.clock.advance(PairingRoutes.CODE_PER_ACCOUNT.window());
        assertThat(phone.approve(claim.code()).status()).isEqualTo(200);
    }

    @Test
    void wrongCodesFromManyAccountsOnOneAddressAreRateLimitedPerIp() {
        int accounts = PairingRoutes.CODE_PER_IP.permits() / PairingRoutes.CODE_PER_ACCOUNT.permits();
        for (int i = 0; i < accounts; i++) {
            spend(new PairingApi(harness.signedUpBrowser("guesser" + i + "@example.com")), PairingRoutes.CODE_PER_ACCOUNT.permits());
        }
        var fresh = new PairingApi(harness.signedUpBrowser("fresh@example.com"));
        assertRateLimited(fresh.inspect(Tokens.newSecret()), PairingRoutes.CODE_PER_IP);
    }

    @Test
    void creatingClaimsIsRateLimitedPerIp() {
        for (int i = 0; i < PairingRoutes.CREATE_PER_IP.permits(); i++) {
            assertThat(desktop.create("laptop", "linux-x64").status()).isEqualTo(201);
        }
        assertRateLimited(desktop.create("laptop", "linux-x64"), PairingRoutes.CREATE_PER_IP);
        assertThat(claims()).isEqualTo(PairingRoutes.CREATE_PER_IP.permits());
    }

    @Test
    void pollingIsRateLimitedPerIp() {
        Claim claim = desktop.createClaim();
        for (int i = 0; i < PairingRoutes.STATUS_PER_IP.permits(); i++) {
            assertThat(desktop.status(claim.pollToken()).status()).isEqualTo(200);
        }
        assertRateLimited(desktop.status(claim.pollToken()), PairingRoutes.STATUS_PER_IP);
    }

    /** Uses up an account's code budget with wrong codes, each an honest 404 until the budget is gone. */
    private static void spend(PairingApi api, int attempts) {
        for (int i = 0; i < attempts; i++) {
            assertThat(api.inspect(Tokens.newSecret()).status()).isEqualTo(404);
        }
    }

    private static void assertRateLimited(Response response, Budget budget) {
        assertThat(response.status()).as("%s", response).isEqualTo(429);
        assertThat(response.errorCode()).isEqualTo("rate_limited");
        assertThat(response.header("Retry-After")).hasValueSatisfying(
                v -> assertThat(Long.parseLong(v)).isBetween(1L, budget.window().toSeconds()));
    }

    private static void assertBadRequest(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("bad_request");
    }

    /** Wrong type, null, an array, a duplicate key, an oversized value: each around an otherwise valid body. */
    private static List<String> codeBodies(String field, String validValue) {
        String key = "{\"" + field + "\":";
        return List.of(key + "1}", key + "null}", key + "[\"" + validValue + "\"]}",
                key + "\"" + validValue + "\",\"" + field + "\":\"" + validValue + "\"}", key + "\"" + "x".repeat(10_000) + "\"}");
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    /** A signed-in phone on the right origin sends the bytes: only the body is wrong. */
    private Response raw(String route, String body) {
        return phone.client().raw("POST", route, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Posts a body over 64 KiB as the phone, with {@code Expect: 100-continue} (as curl does for big
     * bodies): the server refuses it before the body is sent. Without it, the refusal closes the
     * connection while the client still writes, and the client sometimes sees a reset instead.
     */
    private int oversized(String route) {
        HttpRequest request = HttpRequest.newBuilder(harness.url().resolve(route)).expectContinue(true)
                .header("Origin", ServerHarness.PUBLIC_URL).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[Limits.MAX_HTTP_BODY_BYTES + 1])).build();
        try (HttpClient http = HttpClient.newBuilder().cookieHandler(phone.client().cookies()).build()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long claims() {
        return harness.server.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pairing_claims")
                .mapTo(Long.class).one());
    }
}
