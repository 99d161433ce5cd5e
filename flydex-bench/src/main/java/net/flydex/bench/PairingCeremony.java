package net.flydex.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import net.flydex.protocol.LocalConnectStatus;
import net.flydex.testkit.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * One first pairing, timed step by step, the way {@code PairingFlowIT} walks it: the desktop
 * page's claim, the phone's approval, the desktop signed in by its claim poll, the local connect
 * handed to the already running helper, the browser's fingerprint check and finalize, and Codex
 * ready. The desktop page polls the local connect every {@link #POLL}.
 */
final class PairingCeremony {
    /** The desktop page's poll of its local connect: the resolution of steps 6 and 8. */
    static final Duration POLL = Duration.ofMillis(20);
    /** Each wait takes about a second here; this bounds a broken helper or server only. */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final double MILLIS_PER_SECOND = 1000.0;

    private PairingCeremony() {}

    /**
     * @param helper running, unpaired, its Codex ready, and told to pair with {@code plane}
     * @param phone signed in to the account the desktop is paired into
     * @param fingerprint the helper's key fingerprint from its {@code /v1/health}, as the page read it before
     */
    static CeremonyTimes run(ControlPlane plane, HelperProcess helper, String fingerprint, ApiClient phone,
            HelperConnectCall connect) {
        ApiClient desktop = plane.browser();
        var timer = new StepTimer<>(CeremonyStep.class);

        JsonNode claim = Answers.expect(desktop.post("/api/pairing/claims",
                Map.of("machineName", "bench-box", "platform", "linux-x64")), 201, "claim create").body();
        timer.lap(CeremonyStep.CLAIM);

        String claimCode = URI.create(claim.path("pairUrl").asString()).getFragment();
        Answers.expect(phone.post("/api/pairing/claims/inspect", Map.of("claimCode", claimCode)), 200, "claim inspect");
        Answers.expect(phone.post("/api/pairing/claims/approve", Map.of("claimCode", claimCode)), 200, "claim approve");
        timer.lap(CeremonyStep.APPROVE);

        JsonNode status = Answers.expect(desktop.post("/api/pairing/claims/status",
                Map.of("pollToken", claim.path("pollToken").asString())), 200, "claim status").body();
        require(status.path("status").asString("").equals("approved"), "the claim status is not approved: " + status);
        timer.lap(CeremonyStep.SIGNED_IN);

        JsonNode session = Answers.expect(desktop.post("/api/local-connect/start", "{}"), 201, "local-connect start").body();
        String id = session.path("id").asString();
        timer.lap(CeremonyStep.LOCAL_CONNECT);

        int accepted = connect.send(helper.port(), plane.url, id, session.path("connectToken").asString());
        require(accepted == 202, "the helper answered /v1/connect with " + accepted);
        timer.lap(CeremonyStep.HELPER_CONNECT);
        Instant handedOver = Instant.now();

        JsonNode registered = await(desktop, id, LocalConnectStatus.AWAITING_BROWSER_FINALIZE);
        timer.lap(CeremonyStep.REGISTERED);

        require(registered.path("machineKeyFingerprint").asString("").equals(fingerprint),
                "the registered key is not the helper's: " + registered.path("machineKeyFingerprint"));
        Answers.expect(desktop.post("/api/local-connect/" + id + "/finalize", "{}"), 200, "finalize");
        timer.lap(CeremonyStep.FINALIZE);

        JsonNode ready = await(desktop, id, LocalConnectStatus.CODEX_READY);
        timer.lap(CeremonyStep.READY);

        JsonNode history = ready.path("history");
        var phases = new EnumMap<HelperPhase, Double>(HelperPhase.class);
        for (HelperPhase phase : HelperPhase.values()) {
            Instant from = phase.from().map(previous -> reached(history, previous)).orElse(handedOver);
            phases.put(phase, (double) Duration.between(from, reached(history, phase.to())).toMillis());
        }
        return new CeremonyTimes(timer.laps(), timer.totalMillis(), phases);
    }

    /** Polls the local connect as the desktop page does, until it shows {@code wanted}; a failure status ends the bench. */
    private static JsonNode await(ApiClient desktop, String id, LocalConnectStatus wanted) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        JsonNode view = Answers.expect(desktop.get("/api/local-connect/" + id), 200, "local-connect view").body();
        while (!view.path("status").asString("").equals(wanted.wire())) {
            boolean failed = LocalConnectStatus.fromWire(view.path("status").asString("")).map(LocalConnectStatus::isFailure).orElse(false);
            if (failed || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the local connect did not reach " + wanted.wire() + " (within " + LIMIT + "): " + view);
            }
            Pause.of(POLL);
            view = Answers.expect(desktop.get("/api/local-connect/" + id), 200, "local-connect view").body();
        }
        return view;
    }

    /** When the history first shows {@code status}. */
    private static Instant reached(JsonNode history, LocalConnectStatus status) {
        for (JsonNode entry : history) {
            if (entry.path("status").asString("").equals(status.wire())) {
                JsonNode at = entry.path("at");
                return at.isNumber() ? Instant.ofEpochMilli(Math.round(at.asDouble() * MILLIS_PER_SECOND)) : Instant.parse(at.asString());
            }
        }
        throw new IllegalStateException("the local connect's history has no " + status.wire() + ": " + history);
    }

    private static void require(boolean condition, String otherwise) {
        if (!condition) {
            throw new IllegalStateException(otherwise);
        }
    }
}
