package net.flydex.server.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.MachineKeys;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;

/**
 * A desktop helper, as far as the server can tell: its own Ed25519 key, the register and
 * agent-status calls with a connect token, and signed hellos on {@code /ws/agent}.
 */
public final class TestAgent {
    public static final String HELPER_VERSION = "0.1.0-test";

    private final ServerHarness harness;
    private final KeyPair keys;

    public TestAgent(ServerHarness harness) {
        this.harness = harness;
        try {
            this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String publicKey() {
        return Base64.getEncoder().encodeToString(MachineKeys.raw(keys.getPublic()));
    }

    public String fingerprint() {
        return MachineKeys.fingerprint(MachineKeys.raw(keys.getPublic()));
    }

    public ApiClient.Response register(String connectToken) {
        return harness.cli().post("/api/machines/register", Map.of("connectToken", connectToken, "publicKey", publicKey(),
                "name", "Ada's laptop", "platform", "linux-x64", "helperVersion", HELPER_VERSION));
    }

    public ApiClient.Response report(String localConnectId, String connectToken, String status) {
        return harness.cli().post("/api/local-connect/" + localConnectId + "/agent-status",
                Map.of("connectToken", connectToken, "status", status));
    }

    /** The whole local connect, as browser and helper do it; answers the machine id. */
    public String pairWith(ApiClient browser) {
        var started = browser.post("/api/local-connect/start", "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String id = started.body().path("id").asString();
        String token = started.body().path("connectToken").asString();
        var registered = register(token);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        assertThat(report(id, token, "awaiting_browser_finalize").status()).isEqualTo(200);
        assertThat(browser.post("/api/local-connect/" + id + "/finalize", "{}").status()).isEqualTo(200);
        assertThat(report(id, token, "codex_ready").body().path("finalized").asBoolean()).isTrue();
        return registered.body().path("machineId").asString();
    }

    /** Opens /ws/agent and answers the challenge as {@code machineId}. */
    public AgentSocketClient connect(String machineId) throws InterruptedException {
        AgentSocketClient socket = AgentSocketClient.open(harness.url());
        socket.send(hello(machineId, socket.challengeNonce()));
        return socket;
    }

    public AgentMessage.Hello hello(String machineId, String nonce) {
        return new AgentMessage.Hello(machineId, sign(machineId, nonce), HELPER_VERSION, CodexStatus.READY);
    }

    public String sign(String machineId, String nonce) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(MachineKeys.challengeBytes(machineId, nonce));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
