package net.flydex.server.pairing;

import static net.flydex.server.pairing.PairingApi.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.flydex.protocol.WireJson;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.e2e.E2eParties;
import net.flydex.server.pairing.PairingApi.Claim;
import net.flydex.testkit.ApiClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The phone's end-to-end introduction rides on its approval of the claim and comes back to the
 * desktop in every status answer that says approved (docs/e2e.md, "Introductions on each
 * channel"), on SQLite and on PostgreSQL.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class PairingIntroductionTest {
    @Parameter
    Backend backend;

    private ServerHarness harness;
    private PairingApi desktop;
    private PairingApi phone;
    private ObjectNode introduction;

    @BeforeEach
    void start() throws Exception {
        harness = backend.start();
        desktop = new PairingApi(harness.browser());
        phone = new PairingApi(harness.signedUpBrowser("phone@example.com"));
        introduction = E2eFields.json(new E2eParties("mch_unknownYet").introduction("Ada's phone"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void anApprovalsIntroductionIsReturnedByEveryStatusThatSaysApproved() {
        Claim claim = desktop.createClaim();
        assertThat(desktop.status(claim.pollToken()).body().has("introduction")).isFalse();

        assertThat(statusOf(phone.approve(claim.code(), introduction))).isEqualTo("approved");

        Response first = desktop.status(claim.pollToken());
        Response later = desktop.status(claim.pollToken());
        assertThat(statusOf(first)).isEqualTo("approved");
        assertThat(first.body().path("introduction")).isEqualTo(introduction);
        assertThat(later.body().path("introduction")).as("not only on the poll that signs in").isEqualTo(introduction);
    }

    @Test
    void anApprovalWithoutAnIntroductionStillWorksAndReturnsNone() {
        Claim claim = desktop.createClaim();
        assertThat(statusOf(phone.approve(claim.code()))).isEqualTo("approved");
        assertThat(statusOf(phone.approve(desktop.createClaim().code(), null))).as("null is absent").isEqualTo("approved");

        Response status = desktop.status(claim.pollToken());
        assertThat(statusOf(status)).isEqualTo("approved");
        assertThat(status.body().has("introduction")).isFalse();
    }

    @Test
    void aMalformedIntroductionIsABadRequestThatQuotesNothingAndDecidesNothing() {
        Claim claim = desktop.createClaim();
        String secret = "SECRETSECRETSECRETSECRET";
        List<Object> malformed = List.of("an introduction", 7, List.of(introduction), WireJson.mapper().createObjectNode(),
                introduction.deepCopy().put("extra", secret),
                introduction.deepCopy().put("deviceName", ""),
                introduction.deepCopy().put("deviceName", secret.repeat(3)),
                introduction.deepCopy().put("deviceName", "Ada\u0007" + secret),
                introduction.deepCopy().put("devicePublicKey", secret),
                introduction.deepCopy().put("devicePublicKey", "BA" + "A".repeat(85)),
                introduction.deepCopy().put("offerId", secret),
                introduction.deepCopy().put("offerId", introduction.path("offerId").asString() + "="),
                introduction.deepCopy().put("proof", secret),
                introduction.deepCopy().put("proof", 12),
                introduction.deepCopy().putNull("proof"),
                introduction.deepCopy().put("proof", "x".repeat(60_000)));

        for (Object bad : malformed) {
            Response refused = phone.approve(claim.code(), bad);
            assertThat(refused.status()).as("%s", bad.toString().substring(0, Math.min(100, bad.toString().length()))).isEqualTo(400);
            assertThat(refused.body().path("error").path("code").asString()).isEqualTo("bad_request");
            assertThat(refused.body().toString()).doesNotContain("SECRET");
        }

        assertThat(statusOf(desktop.status(claim.pollToken()))).as("still undecided").isEqualTo("pending");
        assertThat(statusOf(phone.approve(claim.code(), introduction))).isEqualTo("approved");
        assertThat(desktop.status(claim.pollToken()).body().path("introduction")).isEqualTo(introduction);
    }

    @Test
    void aDeniedOrExpiredClaimReturnsNoIntroductionAndASecondApprovalCannotReplaceIt() throws Exception {
        Claim claim = desktop.createClaim();
        assertThat(statusOf(phone.approve(claim.code(), introduction))).isEqualTo("approved");
        ObjectNode another = E2eFields.json(new E2eParties("mch_other").introduction("Mallory's phone"));
        PairingApi mallory = new PairingApi(harness.signedUpBrowser("mallory@example.com"));
        assertThat(mallory.approve(claim.code(), another).status()).isEqualTo(410);
        assertThat(desktop.status(claim.pollToken()).body().path("introduction")).isEqualTo(introduction);

        Claim denied = desktop.createClaim();
        assertThat(statusOf(phone.deny(denied.code()))).isEqualTo("denied");
        assertThat(desktop.status(denied.pollToken()).body().has("introduction")).isFalse();

        Claim uncollected = desktop.createClaim();
        assertThat(statusOf(phone.approve(uncollected.code(), introduction))).isEqualTo("approved");
        harness.clock.advance(PairingClaims.SESSION_PICKUP.plusSeconds(1));
        Response expired = desktop.status(uncollected.pollToken());
        assertThat(statusOf(expired)).isEqualTo("expired");
        assertThat(expired.body().has("introduction")).isFalse();
    }
}
