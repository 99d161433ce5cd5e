package net.flydex.protocol.e2e;

import static net.flydex.protocol.e2e.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.flydex.protocol.Decision;
import org.junit.jupiter.api.Test;

/** Push content and decisions: sealed for one device, bounded in size and in time. */
class OneShotTest {
    private final Parties parties = new Parties();

    @Test
    void aPushOpensOnlyOnTheDeviceItWasSealedFor() throws Exception {
        Parties.Device ada = parties.introduce("ada");
        Parties.Device bob = parties.introduce("bob");
        String sealed = parties.endpoint.sealPush(ada.client().deviceId(), "approval", "ap_1", "{\"command\":\"make\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(ada.client().openPush(ada.helper(), parties.machineId, "approval", "ap_1", sealed), StandardCharsets.UTF_8))
                .isEqualTo("{\"command\":\"make\"}");
        refused(Failure.AUTH_FAILED, () -> bob.client().openPush(bob.helper(), parties.machineId, "approval", "ap_1", sealed));
    }

    @Test
    void pushSizeIsBoundedSoItFitsAWebPushBody() throws Exception {
        Parties.Device ada = parties.introduce("ada");
        String id = ada.client().deviceId();
        refused(Failure.TOO_LARGE, () -> parties.endpoint.sealPush(id, "approval", "ap_1", new byte[E2eLimits.MAX_PUSH_PLAINTEXT_BYTES + 1]));
        String largest = parties.endpoint.sealPush(id, "approval", "ap_1", new byte[E2eLimits.MAX_PUSH_PLAINTEXT_BYTES]);
        assertThat(ada.client().openPush(ada.helper(), parties.machineId, "approval", "ap_1", largest)).hasSize(E2eLimits.MAX_PUSH_PLAINTEXT_BYTES);
    }

    @Test
    void aDecisionIsGoodWithinItsWindowByTheHelpersClock() throws Exception {
        Parties.Device ada = parties.introduce("ada");
        String sealed = ada.client().sealDecision(ada.helper(), parties.machineId, "ap_1", Decision.DECLINE, "idem-1");
        parties.clock.set(Parties.T0.plus(E2eLimits.DECISION_MAX_AGE));
        assertThat(parties.endpoint.openDecision(ada.client().deviceId(), "ap_1", sealed))
                .isEqualTo(new DecisionMessage("ap_1", Decision.DECLINE, "idem-1", Parties.T0.toEpochMilli()));
        parties.clock.set(Parties.T0.minus(E2eLimits.DECISION_MAX_CLOCK_SKEW));
        assertThat(parties.endpoint.openDecision(ada.client().deviceId(), "ap_1", sealed).decision()).isEqualTo(Decision.DECLINE);
        parties.clock.set(Parties.T0.plus(E2eLimits.DECISION_MAX_AGE).plusMillis(1));
        refused(Failure.STALE, () -> parties.endpoint.openDecision(ada.client().deviceId(), "ap_1", sealed));
    }

    @Test
    void aRevokedDeviceGetsNoPushAndItsDecisionsAreRefused() throws Exception {
        Parties.Device ada = parties.introduce("ada");
        String sealed = ada.client().sealDecision(ada.helper(), parties.machineId, "ap_1", Decision.ACCEPT, "idem-1");
        parties.devices.revoke(ada.client().deviceId());
        refused(Failure.DEVICE_UNKNOWN, () -> parties.endpoint.openDecision(ada.client().deviceId(), "ap_1", sealed));
        refused(Failure.DEVICE_UNKNOWN, () -> parties.endpoint.sealPush(ada.client().deviceId(), "approval", "ap_1", new byte[1]));
    }

    @Test
    void aDecisionForAnotherApprovalOrMachineDoesNotOpen() throws Exception {
        Parties.Device ada = parties.introduce("ada");
        String sealed = ada.client().sealDecision(ada.helper(), parties.machineId, "ap_1", Decision.ACCEPT, "idem-1");
        refused(Failure.AUTH_FAILED, () -> parties.endpoint.openDecision(ada.client().deviceId(), "ap_2", sealed));
        String elsewhere = ada.client().sealDecision(ada.helper(), "m_other", "ap_1", Decision.ACCEPT, "idem-1");
        refused(Failure.AUTH_FAILED, () -> parties.endpoint.openDecision(ada.client().deviceId(), "ap_1", elsewhere));
    }

    /** Sealed correctly by the trusted device, but not a decision for this approval: refused after opening. */
    @Test
    void anAuthenticDecisionMustStillReadAsOneForItsApproval() {
        String[] bodies = {
                "{\"approvalId\":\"ap_2\",\"decision\":\"accept\",\"idempotencyKey\":\"k\",\"issuedAt\":" + Parties.T0.toEpochMilli() + "}",
                "{\"approvalId\":\"ap_1\",\"decision\":\"answered\",\"idempotencyKey\":\"k\",\"issuedAt\":" + Parties.T0.toEpochMilli() + "}",
                "{\"approvalId\":\"ap_1\",\"decision\":\"approve\",\"idempotencyKey\":\"k\",\"issuedAt\":" + Parties.T0.toEpochMilli() + "}",
                "{\"approvalId\":\"ap_1\",\"decision\":\"accept\",\"issuedAt\":" + Parties.T0.toEpochMilli() + "}",
                "{\"approvalId\":\"ap_1\",\"decision\":\"accept\",\"idempotencyKey\":\"k\"}",
                "{\"approvalId\":\"ap_1\",\"decision\":\"accept\",\"decision\":\"decline\",\"idempotencyKey\":\"k\",\"issuedAt\":1}",
                "[]", "not json"};
        for (String body : bodies) {
            DecisionMessage parsed;
            try {
                parsed = DecisionMessage.parse(body.getBytes(StandardCharsets.UTF_8), "ap_1");
            } catch (E2eException e) {
                assertThat(e.failure()).as(body).isEqualTo(Failure.MALFORMED);
                continue;
            }
            throw new AssertionError("accepted " + body + " as " + parsed);
        }
    }
}
