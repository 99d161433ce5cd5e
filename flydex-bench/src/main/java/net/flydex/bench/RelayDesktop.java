package net.flydex.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.SealedDevice;
import net.flydex.testkit.SharedCodex;
import tools.jackson.databind.JsonNode;

/**
 * The real helper process (private Codex on the scripted model) paired into a fresh account by the
 * {@link PairingCeremony}, online on the control plane's {@code /ws/agent}; with the owner's
 * session token, which a browser's {@code /ws/client} presents, and the owner's browser as a
 * device the helper trusts end to end ({@link #device}, introduced through the local API).
 */
final class RelayDesktop implements AutoCloseable {
    private static final String EMAIL = "relay-owner@example.com";
    private static final String PASSWORD = "correct horse battery staple";
    /** The helper dials /ws/agent right after codex_ready; this bounds a broken link only. */
    private static final Duration ONLINE_LIMIT = Duration.ofSeconds(60);

    final HelperProcess helper;
    final String machineId;
    final String ownerToken;
    final SealedDevice device;
    private final String origin;

    private RelayDesktop(HelperProcess helper, String machineId, String ownerToken, String origin) {
        this.helper = helper;
        this.machineId = machineId;
        this.ownerToken = ownerToken;
        this.origin = origin;
        this.device = introduce("bench browser");
    }

    /** Another device the helper trusts, introduced as the desktop page introduces a browser. */
    SealedDevice introduce(String name) {
        SealedDevice introduced = SealedDevice.create(name);
        introduced.introduceLocally(helper.port(), origin, machineId).ifPresent(refused -> {
            throw new IllegalStateException("the helper refused " + name + ": " + refused);
        });
        return introduced;
    }

    /** This device's {@code /ws/client}, subscribed and with a sealed session open. */
    TimedSocket browser(ControlPlane plane, SealedDevice as) {
        return TimedSocket.sealedBrowser(plane.url, ownerToken, as, machineId, ONLINE_LIMIT);
    }

    static RelayDesktop pair(SharedCodex codex, ControlPlane plane, Path dir) {
        ApiClient phone = plane.browser();
        // tokenInBody: the phone also gets its session token, for the bearer of its /ws/client.
        String token = Answers.expect(phone.post("/api/auth/signup", Map.of("email", EMAIL, "password", PASSWORD, "tokenInBody", true)),
                201, "sign-up").body().path("sessionToken").asString();
        Path codexHome = codex.privateHome(dir.resolve("codex-home")).dir();
        var helper = HelperProcess.launch(BenchSetup.HELPER_JAR.toAbsolutePath(), JvmFlags.DEFAULT, codex.install().binary(),
                codexHome, dir, plane.url);
        try (var probe = new HealthProbe(); var connect = new HelperConnectCall()) {
            helper.awaitReady(probe);
            String fingerprint = probe.fetch(helper.port()).orElseThrow().path("machine").path("keyFingerprint").asString("");
            PairingCeremony.run(plane, helper, fingerprint, phone, connect);
            JsonNode machines = Answers.expect(phone.get("/api/machines"), 200, "machine list").body().path("machines");
            if (machines.size() != 1) {
                throw new IllegalStateException("expected one paired machine, the account lists " + machines);
            }
            var desktop = new RelayDesktop(helper, machines.get(0).path("id").asString(), token, plane.url.toString());
            desktop.awaitOnline(plane);
            return desktop;
        } catch (RuntimeException e) {
            helper.close();
            throw e;
        }
    }

    /** Subscribes once and waits for the presence frame saying the helper is connected and its Codex ready. */
    private void awaitOnline(ControlPlane plane) {
        try (var browser = TimedSocket.browser(plane, ownerToken)) {
            browser.send(WireJson.mapper().createObjectNode().put("type", "subscribe").put("machineId", machineId).toString());
            browser.await(frame -> frame.path("type").asString("").equals("machine") && frame.path("online").asBoolean()
                    && frame.path("codexStatus").asString("").equals("ready"), ONLINE_LIMIT);
        }
    }

    @Override
    public void close() {
        helper.close();
    }
}
