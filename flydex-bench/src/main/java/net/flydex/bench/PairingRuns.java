package net.flydex.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.SharedCodex;

/**
 * Repeats the {@link PairingCeremony}, each time with a fresh helper (private Codex, fresh state
 * directory and Codex home) started and ready before the clock starts, as a person's helper is by
 * the time they open the FlyDex page. One phone account receives every machine.
 */
final class PairingRuns {
    /**
     * Untimed ceremonies first, so the server's pairing routes are JIT-compiled as on a node that
     * has served others; each helper stays as cold as a person's freshly started one.
     */
    static final int WARMUP = 1;
    private static final String PHONE_EMAIL = "owner@example.com";
    private static final String PHONE_PASSWORD = "correct horse battery staple";

    private PairingRuns() {}

    static List<CeremonyTimes> run(SharedCodex codex, Path helperJar, ControlPlane plane, Path work, int pairings) {
        ApiClient phone = plane.phone(PHONE_EMAIL, PHONE_PASSWORD);
        var times = new ArrayList<CeremonyTimes>();
        try (var probe = new HealthProbe(); var connect = new HelperConnectCall()) {
            for (int run = -WARMUP; run < pairings; run++) {
                Path dir = work.resolve("pairing-" + (run + WARMUP));
                Path codexHome = codex.privateHome(dir.resolve("codex-home")).dir();
                try (var helper = HelperProcess.launch(helperJar, JvmFlags.DEFAULT, codex.install().binary(), codexHome, dir, plane.url)) {
                    helper.awaitReady(probe);
                    String fingerprint = probe.fetch(helper.port()).orElseThrow().path("machine").path("keyFingerprint").asString("");
                    if (fingerprint.isEmpty()) {
                        throw new IllegalStateException("the helper's /v1/health shows no machine key fingerprint");
                    }
                    CeremonyTimes ceremony = PairingCeremony.run(plane, helper, fingerprint, phone, connect);
                    System.err.printf("   pairing %s: %.0f ms%n", run < 0 ? "warm-up" : (run + 1) + "/" + pairings, ceremony.total());
                    if (run >= 0) {
                        times.add(ceremony);
                    }
                }
            }
        }
        return times;
    }
}
