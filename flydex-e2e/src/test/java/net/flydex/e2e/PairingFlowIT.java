package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole first pairing as DESIGN.md describes it, over HTTP, with a real helper process and
 * the real Codex (scripted model): QR claim, phone approval, desktop sign-in, local connect with
 * the fingerprint check, Codex ready, machine online - then continuity and revocation.
 */
class PairingFlowIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final SharedCodex codex = SharedCodex.get();
    private ControlPlane plane;
    private HelperProcess helper;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        plane = new ControlPlane();
    }

    @AfterEach
    void stop() {
        if (helper != null) {
            helper.close();
        }
        plane.close();
    }

    /** Starts the helper and waits until its local API answers. */
    private HelperProcess startHelper(int port) throws Exception {
        HelperProcess started = HelperProcess.start(port, PairedDesktop.prepend("run", HelperProcess.runArgs(port, dir.resolve("state"),
                plane.url, codex.privateHome(dir.resolve("codex")).dir(), codex.install().binary())));
        await().atMost(WAIT).until(() -> started.health().path("status").asString("").equals("ok"));
        return started;
    }

    @Test
    void aDesktopIsPairedByAPhoneAndComesBackOnItsOwnAfterARestart() throws Exception {
        int port = ControlPlane.freePort();
        helper = startHelper(port);
        await().atMost(WAIT).until(() -> helper.health().path("runtime").path("codex").asString("").equals("ready"));
        assertThat(helper.health().path("bridge").path("state").asString()).isEqualTo("unpaired");

        // Desktop browser: a claim for the QR.
        ApiClient desktop = plane.browser();
        JsonNode claim = desktop.post("/api/pairing/claims", Map.of("machineName", "dev-box", "platform", "linux-x64")).body();
        String claimCode = URI.create(claim.path("pairUrl").asString()).getFragment();

        // Phone: signs up, sees which desktop asks, approves.
        ApiClient phone = plane.phone("owner@example.com");
        JsonNode seen = phone.post("/api/pairing/claims/inspect", Map.of("claimCode", claimCode)).body();
        assertThat(seen.path("machineName").asString()).isEqualTo("dev-box");
        assertThat(phone.post("/api/pairing/claims/approve", Map.of("claimCode", claimCode)).status()).isEqualTo(200);

        // Desktop browser: its poll signs it in to the phone's account.
        assertThat(desktop.post("/api/pairing/claims/status", Map.of("pollToken", claim.path("pollToken").asString()))
                .body().path("status").asString()).isEqualTo("approved");
        String account = desktop.get("/api/me").body().path("account").path("email").asString();
        assertThat(account).isEqualTo("owner@example.com");

        // Local connect: the page hands the token to the helper, checks the fingerprint, finalizes.
        JsonNode session = desktop.post("/api/local-connect/start", "{}").body();
        String id = session.path("id").asString();
        assertThat(postToHelper(port, Map.of("server", plane.url.toString(), "localConnectId", id,
                "connectToken", session.path("connectToken").asString()))).isEqualTo(202);
        JsonNode registered = await().atMost(WAIT).until(() -> desktop.get("/api/local-connect/" + id).body(),
                lc -> lc.path("status").asString("").equals("awaiting_browser_finalize"));
        assertThat(registered.path("machineKeyFingerprint").asString())
                .isEqualTo(helper.health().path("machine").path("keyFingerprint").asString());
        assertThat(desktop.post("/api/local-connect/" + id + "/finalize", "{}").status()).isEqualTo(200);
        JsonNode ready = await().atMost(WAIT).until(() -> desktop.get("/api/local-connect/" + id).body(),
                lc -> lc.path("status").asString("").equals("codex_ready"));
        assertThat(ready.path("history").findValuesAsString("status")).containsSubsequence(
                "created", "connecting", "registered", "awaiting_browser_finalize", "codex_starting", "codex_ready");

        String machineId = ready.path("machineId").asString();
        JsonNode machine = awaitMachine(phone, machineId, true);
        assertThat(machine.path("codexStatus").asString()).isEqualTo("ready");
        assertThat(helper.health().path("bridge").path("state").asString()).isEqualTo("connected");
        assertThat(helper.health().path("machine").path("paired").asBoolean()).isTrue();

        // Continuity: restart the helper; no browser, no re-pairing.
        helper.stop();
        awaitMachine(phone, machineId, false);
        helper = startHelper(port);
        awaitMachine(phone, machineId, true);
        assertThat(phone.get("/api/machines").body().path("machines")).hasSize(1);

        // Revocation: the helper is disconnected, refused, and says so instead of retrying.
        assertThat(phone.delete("/api/machines/" + machineId).status()).isEqualTo(204);
        await().atMost(WAIT).until(() -> helper.health().path("helper").path("state").asString("").equals("revoked"));
        assertThat(helper.health().path("bridge").path("state").asString()).isEqualTo("offline");
        assertThat(phone.get("/api/machines").body().path("machines")).isEmpty();
        assertThat(helper.printed("removed from its account")).isTrue();
    }

    @Test
    void anotherAccountSeesNothingOfTheMachine() throws Exception {
        try (var desktop = PairedDesktop.link(plane, dir, "a@example.com")) {
            ApiClient stranger = plane.phone("b@example.com");
            assertThat(stranger.get("/api/machines").body().path("machines")).isEmpty();
            assertThat(stranger.patch("/api/machines/" + desktop.machineId, Map.of("name", "mine now")).status()).isEqualTo(404);
            assertThat(stranger.delete("/api/machines/" + desktop.machineId).status()).isEqualTo(404);
            assertThat(awaitMachine(desktop.owner, desktop.machineId, true).path("name").asString()).isNotEqualTo("mine now");
        }
    }

    private static JsonNode awaitMachine(ApiClient phone, String machineId, boolean online) {
        return await().atMost(WAIT).until(() -> {
            for (JsonNode m : phone.get("/api/machines").body().path("machines")) {
                if (m.path("id").asString().equals(machineId)) {
                    return m;
                }
            }
            return WireJson.mapper().createObjectNode();
        }, m -> m.path("online").asBoolean(!online) == online);
    }

    private int postToHelper(int port, Map<String, String> body) throws Exception {
        return PairedDesktop.postToHelper(plane.url.toString(), port, body);
    }
}
