package net.flydex.server.pairing;

import static net.flydex.server.pairing.PairingApi.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.pairing.PairingApi.Claim;
import net.flydex.server.security.Tokens;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.ApiClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The QR handoff end to end over HTTP (T1, T2, T4), on SQLite and on PostgreSQL. */
@ParameterizedClass
@EnumSource(Backend.class)
class PairingFlowTest {
    /** As many phones-worth of taps as T2 asks for, released at the same instant. */
    private static final int RACERS = 50;

    @Parameter
    Backend backend;

    private ServerHarness harness;
    private ApiClient desktopBrowser;
    private PairingApi desktop;
    private PairingApi phone;

    @BeforeEach
    void start() throws Exception {
        harness = backend.start();
        desktopBrowser = harness.browser();
        desktop = new PairingApi(desktopBrowser);
        phone = new PairingApi(harness.signedUpBrowser("phone@example.com"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void inspectShowsTheRequestingMachineAndWhereItAskedFrom() {
        Instant before = harness.clock.instant();
        Response created = desktop.create("  Лаптоп 💻 of Ada  ", "darwin-arm64");
        assertThat(created.status()).isEqualTo(201);
        String code = created.body().path("claimCode").asString();
        String pollToken = created.body().path("pollToken").asString();
        assertThat(code).hasSizeGreaterThanOrEqualTo(22).isNotEqualTo(pollToken);
        assertThat(created.body().path("pairUrl").asString()).isEqualTo(ServerHarness.PUBLIC_URL + "/pair#" + code);

        Response inspected = phone.inspect(code);

        assertThat(inspected.status()).isEqualTo(200);
        assertThat(inspected.body().path("machineName").asString()).isEqualTo("Лаптоп 💻 of Ada");
        assertThat(inspected.body().path("platform").asString()).isEqualTo("darwin-arm64");
        assertThat(inspected.body().path("requestedFrom").asString()).isEqualTo("127.0.0.1");
        Instant createdAt = Instant.parse(inspected.body().path("createdAt").asString());
        Instant expiresAt = Instant.parse(inspected.body().path("expiresAt").asString());
        assertThat(createdAt).isBetween(before.minusMillis(1), harness.clock.instant());
        assertThat(Duration.between(createdAt, expiresAt)).isEqualTo(PairingClaims.TTL);
        assertThat(created.body().path("expiresAt").asString()).isEqualTo(expiresAt.toString());
        assertThat(statusOf(desktop.status(pollToken))).isEqualTo("pending");
    }

    @Test
    void denyConsumesTheClaim() {
        Claim claim = desktop.createClaim();

        Response denied = phone.deny(claim.code());

        assertThat(statusOf(denied)).isEqualTo("denied");
        assertGone(phone.approve(claim.code()));
        assertGone(phone.deny(claim.code()));
        assertGone(phone.inspect(claim.code()));
        Response polled = desktop.status(claim.pollToken());
        assertThat(statusOf(polled)).isEqualTo("denied");
        assertThat(polled.header("Set-Cookie")).isEmpty();
        assertThat(desktopBrowser.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void theFirstStatusAfterApprovalSignsTheDesktopInAndLaterOnesIssueNothing() {
        Claim claim = desktop.createClaim();

        assertThat(statusOf(phone.approve(claim.code()))).isEqualTo("approved");
        Response first = desktop.status(claim.pollToken());
        Response second = desktop.status(claim.pollToken());

        assertThat(statusOf(first)).isEqualTo("approved");
        assertThat(first.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("flydex_").contains("HttpOnly"));
        assertThat(first.body().has("sessionToken")).as("no tokenInBody, no token").isFalse();
        assertThat(accountOf(desktopBrowser)).isEqualTo(accountOf(phone.client()));
        assertThat(statusOf(second)).isEqualTo("approved");
        assertThat(second.header("Set-Cookie")).isEmpty();
        assertGone(phone.approve(claim.code()));
    }

    @Test
    void aCliPollAskingForTokensGetsThemOnce() {
        PairingApi cli = new PairingApi(harness.cli());
        Claim claim = cli.createClaim();
        phone.approve(claim.code());

        Response first = cli.statusWithTokens(claim.pollToken());
        Response second = cli.statusWithTokens(claim.pollToken());

        assertThat(statusOf(first)).isEqualTo("approved");
        String sessionToken = first.body().path("sessionToken").asString();
        assertThat(first.body().path("refreshToken").asString()).isNotBlank();
        assertThat(accountOf(harness.cli().withBearer(sessionToken))).isEqualTo(accountOf(phone.client()));
        assertThat(statusOf(second)).isEqualTo("approved");
        assertThat(second.body().has("sessionToken")).isFalse();
    }

    @Test
    void expiryFollowsTheServersClock() {
        Claim approvedInTime = desktop.createClaim();
        Claim tooLate = desktop.createClaim();

        harness.clock.advance(Duration.ofSeconds(119));
        assertThat(phone.inspect(approvedInTime.code()).status()).isEqualTo(200);
        assertThat(statusOf(phone.approve(approvedInTime.code()))).isEqualTo("approved");
        harness.clock.advance(Duration.ofSeconds(2));

        assertGone(phone.approve(tooLate.code()));
        assertGone(phone.inspect(tooLate.code()));
        assertThat(statusOf(desktop.status(tooLate.pollToken()))).isEqualTo("expired");
        assertThat(statusOf(desktop.status(approvedInTime.pollToken()))).isEqualTo("approved");
        assertThat(accountOf(desktopBrowser)).isEqualTo(accountOf(phone.client()));
    }

    @Test
    void anApprovalNotCollectedInTimeLapsesWithoutASession() {
        Claim claim = desktop.createClaim();
        phone.approve(claim.code());

        harness.clock.advance(PairingClaims.SESSION_PICKUP.plusSeconds(1));
        Response late = desktop.status(claim.pollToken());

        assertThat(statusOf(late)).isEqualTo("expired");
        assertThat(late.header("Set-Cookie")).isEmpty();
        assertThat(sessionsOf(accountOf(phone.client()))).as("only the phone's own").isEqualTo(1);
    }

    @Test
    void ofFiftyConcurrentApprovalsExactlyOneWinsAndExactlyOneSessionIsIssued() throws Exception {
        Claim claim = desktop.createClaim();

        List<Response> approvals = concurrently(() -> phone.approve(claim.code()));
        List<Response> polls = concurrently(() -> desktop.status(claim.pollToken()));

        assertThat(approvals).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(approvals).filteredOn(r -> r.status() != 200)
                .hasSize(RACERS - 1).allSatisfy(PairingFlowTest::assertGone);
        assertThat(polls).extracting(PairingApi::statusOf).containsOnly("approved");
        assertThat(polls).filteredOn(r -> r.header("Set-Cookie").isPresent()).hasSize(1);
        assertThat(sessionsOf(accountOf(phone.client()))).as("the phone's and the desktop's").isEqualTo(2);
        assertGone(phone.approve(claim.code()));
    }

    @Test
    void unknownCodesAndPollTokensAreNotFound() {
        desktop.createClaim();
        String unknown = Tokens.newSecret();

        for (Response response : List.of(phone.inspect(unknown), phone.approve(unknown), phone.deny(unknown),
                desktop.status(unknown))) {
            assertThat(response.status()).as("%s", response).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("not_found");
        }
    }

    private static void assertGone(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(410);
        assertThat(response.errorCode()).isEqualTo("claim_gone");
    }

    private static String accountOf(ApiClient client) {
        Response me = client.get("/api/me");
        assertThat(me.status()).as("%s", me).isEqualTo(200);
        return me.body().path("account").path("id").asString();
    }

    private long sessionsOf(String accountId) {
        return harness.server.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM sessions WHERE account_id = :id")
                .bind("id", accountId).mapTo(Long.class).one());
    }

    /** Runs {@link #RACERS} copies of the task, all released by one latch so they really race. */
    private static List<Response> concurrently(Callable<Response> task) throws Exception {
        var start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(RACERS)) {
            var futures = new ArrayList<Future<Response>>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            var results = new ArrayList<Response>();
            for (Future<Response> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
    }
}
