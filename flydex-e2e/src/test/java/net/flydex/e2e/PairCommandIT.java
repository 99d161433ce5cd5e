package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.e2e.Base64Url;
import net.flydex.protocol.e2e.Offer;
import net.flydex.protocol.e2e.TrustedHelper;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.RelayClient;
import net.flydex.testkit.SealedDevice;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code flydex pair} on a desktop without a browser: QR in the terminal (the claim code and an
 * end-to-end offer), the phone approves with its introduction, linked - and the phone is a device
 * the helper trusts, with no step more.
 */
class PairCommandIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final SharedCodex codex = SharedCodex.get();
    private ControlPlane plane;
    private HelperProcess pair;
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (pair != null) {
            pair.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void aTerminalQrApprovedOnThePhoneLinksTheDesktopAndIntroducesThePhone() throws Exception {
        startPair();

        Qr qr = awaitQr();
        assertThat(pair.output).anySatisfy(l -> assertThat(l).contains("█"));

        ApiClient phone = plane.browser();
        String token = phone.post("/api/auth/signup", Map.of("email", "ssh-user@example.com", "password", "correct horse battery",
                "tokenInBody", true)).body().path("sessionToken").asString();
        SealedDevice device = SealedDevice.create("ssh user's phone");
        Offer offer = SealedDevice.parse(qr.offer());
        assertThat(phone.post("/api/pairing/claims/inspect", Map.of("claimCode", qr.claimCode())).status()).isEqualTo(200);
        assertThat(phone.post("/api/pairing/claims/approve", Map.of("claimCode", qr.claimCode(),
                "introduction", SealedDevice.json(device.introduce(offer).message()))).status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> pair.printed("Linked."));
        var machines = phone.get("/api/machines").body().path("machines");
        assertThat(machines).hasSize(1);
        await().atMost(WAIT).until(() -> phone.get("/api/machines").body().path("machines").get(0).path("online").asBoolean());
        assertThat(pair.health().path("bridge").path("state").asString()).isEqualTo("connected");

        // The phone pins the key the QR carried for the machine that reports it; the handshake's confirmation proves the helper holds it.
        JsonNode machine = await().atMost(WAIT).until(() -> phone.get("/api/machines").body().path("machines").get(0),
                m -> !m.path("e2eKey").asString("").isEmpty());
        assertThat(machine.path("e2eKey").asString()).isEqualTo(Base64Url.encode(offer.helperKey()));
        String machineId = machine.path("id").asString();
        device.pin(machineId, new TrustedHelper(offer.helperKey()));
        try (var relay = RelayClient.connect(plane.url, plane.url.toString(), token, device)) {
            relay.subscribe(machineId);
            relay.awaitSession(machineId, WAIT);
            assertThat(relay.rpc(machineId, "thread/list", "{}", WAIT).path("type").asString()).isEqualTo("result");
        }
    }

    @Test
    void aDeniedClaimLinksNothingAndExitsNonZero() throws Exception {
        startPair();
        String claimCode = awaitQr().claimCode();

        ApiClient phone = plane.phone("careful@example.com");
        phone.post("/api/pairing/claims/deny", Map.of("claimCode", claimCode));

        await().atMost(WAIT).until(() -> pair.printed("denied this desktop"));
        assertThat(pair.exitCode()).hasValue(1);
        assertThat(phone.get("/api/machines").body().path("machines")).isEmpty();
    }

    /** Runs {@code flydex pair} against a fresh control plane, Codex private on the scripted model. */
    private void startPair() throws Exception {
        plane = new ControlPlane();
        int port = ControlPlane.freePort();
        String[] run = HelperProcess.runArgs(port, dir.resolve("state"), plane.url, codex.privateHome(dir.resolve("codex")).dir(),
                codex.install().binary());
        String[] args = new String[run.length + 1];
        args[0] = "pair";
        System.arraycopy(run, 0, args, 1, run.length);
        pair = HelperProcess.start(port, args);
    }

    /** The QR's fragment: the claim code and the helper's end-to-end offer, joined by a dot. */
    private record Qr(String claimCode, String offer) {}

    /** The claim code and the offer, from the URL printed under the QR (its fragment, {@code <claim>.<offer>}). */
    private Qr awaitQr() {
        String line = await().atMost(WAIT).until(() -> pair.output.stream().filter(l -> l.startsWith("Or open: ")).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        String[] parts = URI.create(line.substring("Or open: ".length())).getFragment().split("\\.", 2);
        assertThat(parts).as("the fragment carries an offer after the claim code").hasSize(2);
        return new Qr(parts[0], parts[1]);
    }
}
