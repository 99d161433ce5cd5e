package net.flydex.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class AgentMessageTest {

    @Test
    void messagesHaveTheContractShapeBothWays() {
        var hello = new AgentMessage.Hello("mch_1", "c2ln", "0.1.0", CodexStatus.READY);
        String json = WireJson.mapper().writeValueAsString(hello);

        assertThat(json).isEqualTo("{\"type\":\"hello\",\"machineId\":\"mch_1\",\"signature\":\"c2ln\","
                + "\"helperVersion\":\"0.1.0\",\"codexStatus\":\"ready\"}");
        assertThat(WireJson.mapper().readValue(json, AgentMessage.class)).isEqualTo(hello);
        assertThat(WireJson.mapper().writeValueAsString(new AgentMessage.Welcome())).isEqualTo("{\"type\":\"welcome\"}");
        assertThat(WireJson.mapper().writeValueAsString(new AgentMessage.Challenge("bm9uY2U=")))
                .isEqualTo("{\"type\":\"challenge\",\"nonce\":\"bm9uY2U=\"}");
        assertThat(WireJson.mapper().readValue("{\"type\":\"status\",\"codexStatus\":\"missing\"}", AgentMessage.class))
                .isEqualTo(new AgentMessage.Status(CodexStatus.MISSING));
    }

    @Test
    void missingFieldsUnknownTypesAndUnknownStatusesFailToParse() {
        for (String bad : new String[] {"{\"type\":\"hello\",\"machineId\":\"m\"}", "{\"type\":\"shell\"}", "{}",
                "{\"type\":\"status\",\"codexStatus\":\"great\"}", "{\"type\":\"status\",\"codexStatus\":null}"}) {
            assertThatThrownBy(() -> WireJson.mapper().readValue(bad, AgentMessage.class)).as(bad).isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void theHelloSignsTheVersionedMachineAndNonceAndTheServerCanVerifyItFromTheRawKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] signed = MachineKeys.challengeBytes("mch_1", "n0nce");
        var signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(signed);
        byte[] signature = signer.sign();

        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(MachineKeys.fromRaw(MachineKeys.raw(pair.getPublic())));
        verifier.update(signed);
        assertThat(new String(signed, StandardCharsets.UTF_8)).isEqualTo("flydex-agent-v1:mch_1:n0nce");
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void theFingerprintIsUnpaddedBase64OfSha256OfTheRawKey() {
        // sha256 of 32 zero bytes is 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925.
        assertThat(MachineKeys.fingerprint(new byte[32])).isEqualTo("SHA256:Zmh6rfhivXdsj8GLjp+OIAiXFIVu4jOzkCpZHQ1fKSU");
    }

    @Test
    void onlyTheHelpersStatusesAreReportableAndFailuresEndTheSession() {
        assertThat(LocalConnectStatus.fromWire("awaiting_browser_finalize")).contains(LocalConnectStatus.AWAITING_BROWSER_FINALIZE);
        assertThat(LocalConnectStatus.fromWire("AWAITING_BROWSER_FINALIZE")).isEmpty();
        assertThat(LocalConnectStatus.CREATED.reportableByAgent()).isFalse();
        assertThat(LocalConnectStatus.EXPIRED.reportableByAgent()).isFalse();
        assertThat(LocalConnectStatus.CODEX_MISSING.endsSession()).isTrue();
        assertThat(LocalConnectStatus.CODEX_STARTING.endsSession()).isFalse();
    }
}
