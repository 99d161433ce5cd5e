package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flydex pair} on a desktop without a browser: QR in the terminal, phone approves, linked. */
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
    void aTerminalQrApprovedOnThePhoneLinksTheDesktop() throws Exception {
        startPair();

        String claimCode = awaitClaimCode();
        assertThat(pair.output).anySatisfy(l -> assertThat(l).contains("█"));

        ApiClient phone = plane.phone("ssh-user@example.com");
        assertThat(phone.post("/api/pairing/claims/inspect", Map.of("claimCode", claimCode)).status()).isEqualTo(200);
        assertThat(phone.post("/api/pairing/claims/approve", Map.of("claimCode", claimCode)).status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> pair.printed("Linked."));
        var machines = phone.get("/api/machines").body().path("machines");
        assertThat(machines).hasSize(1);
        await().atMost(WAIT).until(() -> phone.get("/api/machines").body().path("machines").get(0).path("online").asBoolean());
        assertThat(pair.health().path("bridge").path("state").asString()).isEqualTo("connected");
    }

    @Test
    void aDeniedClaimLinksNothingAndExitsNonZero() throws Exception {
        startPair();
        String claimCode = awaitClaimCode();

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

    /** The claim code, from the URL printed under the QR (its fragment). */
    private String awaitClaimCode() {
        String line = await().atMost(WAIT).until(() -> pair.output.stream().filter(l -> l.startsWith("Or open: ")).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        // The fragment is the claim code, then "." and the helper's end-to-end offer (docs/e2e.md).
        return URI.create(line.substring("Or open: ".length())).getFragment().split("\\.")[0];
    }
}
