package net.flydex.server.localconnect;

import static net.flydex.protocol.LocalConnectStatus.AWAITING_BROWSER_FINALIZE;
import static net.flydex.protocol.LocalConnectStatus.CODEX_MISSING;
import static net.flydex.protocol.LocalConnectStatus.CODEX_READY;
import static net.flydex.protocol.LocalConnectStatus.CODEX_STARTING;
import static net.flydex.protocol.LocalConnectStatus.CONNECTING;
import static net.flydex.protocol.LocalConnectStatus.CREATED;
import static net.flydex.protocol.LocalConnectStatus.ERROR;
import static net.flydex.protocol.LocalConnectStatus.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.flydex.server.http.ApiException;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

    @Test
    void theHappyPathAdvancesAndRepeatsChangeNothing() {
        assertThat(StatusRules.advances(CREATED, false, false, CONNECTING)).isTrue();
        assertThat(StatusRules.advances(REGISTERED, true, false, REGISTERED)).isFalse();
        assertThat(StatusRules.advances(REGISTERED, true, false, AWAITING_BROWSER_FINALIZE)).isTrue();
        assertThat(StatusRules.advances(AWAITING_BROWSER_FINALIZE, true, true, CODEX_STARTING)).isTrue();
        assertThat(StatusRules.advances(AWAITING_BROWSER_FINALIZE, true, true, CODEX_READY)).as("Codex was running already").isTrue();
    }

    @Test
    void failuresEndTheSessionFromAnywhere() {
        assertThat(StatusRules.advances(CREATED, false, false, ERROR)).isTrue();
        assertThat(StatusRules.advances(CODEX_STARTING, true, true, CODEX_MISSING)).isTrue();
    }

    @Test
    void goingBackSkippingRegisterOrStartingCodexUnfinalizedIsAConflict() {
        assertConflict(() -> StatusRules.advances(AWAITING_BROWSER_FINALIZE, true, false, CONNECTING));
        assertConflict(() -> StatusRules.advances(CONNECTING, false, false, REGISTERED));
        assertConflict(() -> StatusRules.advances(CONNECTING, false, false, AWAITING_BROWSER_FINALIZE));
        assertConflict(() -> StatusRules.advances(AWAITING_BROWSER_FINALIZE, true, false, CODEX_STARTING));
        assertConflict(() -> StatusRules.advances(REGISTERED, true, false, CODEX_READY));
    }

    private static void assertConflict(Runnable step) {
        assertThatThrownBy(step::run).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
    }
}
