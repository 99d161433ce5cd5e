package net.flydex.helper.pairing;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import net.flydex.helper.app.MachineInfo;
import tools.jackson.databind.JsonNode;

/**
 * The steps of {@code flydex pair}, in order: claim and QR (renewed when it expires), the phone's
 * approval, local connect through the running helper, and this helper confirming its own key
 * fingerprint - the check a desktop browser would make. Each QR also carries a fresh end-to-end
 * offer from the helper ({@code pairUrl + "." + offer}, docs/e2e.md), and the introduction the
 * phone sent with its approval is handed to the helper, so the phone is trusted in the same scan.
 */
public final class PairFlow {
    /** The desktop page polls about this often; the server's status route budget allows it. */
    private static final Duration POLL = Duration.ofSeconds(2);
    /** Fresh QR codes offered before giving up (each lives 120 s). */
    private static final int MAX_CLAIMS = 5;
    private static final Duration CONNECT_WAIT = Duration.ofMinutes(5);

    /** How pairing ended, as the exit code the command returns. */
    public enum Outcome {
        PAIRED(0), DENIED(1), EXPIRED(1), FAILED(1);

        public final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final URI server;
    private final MachineInfo machine;
    private final int helperPort;
    private final PrintWriter out;
    private final boolean invertQr;

    public PairFlow(URI server, MachineInfo machine, int helperPort, PrintWriter out, boolean invertQr) {
        this.server = server;
        this.machine = machine;
        this.helperPort = helperPort;
        this.out = out;
        this.invertQr = invertQr;
    }

    public Outcome run() throws IOException, InterruptedException {
        var api = new PairingClient(server);
        var helper = new LocalHelperClient(helperPort);
        for (int attempt = 0; attempt < MAX_CLAIMS && !api.signedIn(); attempt++) {
            JsonNode claim = api.createClaim(machine.name(), machine.platform());
            JsonNode offer = helper.offer();
            show(claim, offer);
            JsonNode decision = awaitDecision(api, claim.path("pollToken").asString());
            String status = decision.path("status").asString("");
            if (status.equals("denied")) {
                out.println("The phone denied this desktop. Nothing was linked.");
                return Outcome.DENIED;
            }
            if (status.equals("approved")) {
                introduce(helper, decision.path("introduction"));
            }
        }
        if (!api.signedIn()) {
            out.println("No phone approved in time. Run `flydex pair` again when you are ready.");
            return Outcome.EXPIRED;
        }
        try {
            return connect(api, helper);
        } finally {
            api.signOut();
        }
    }

    private void show(JsonNode claim, JsonNode offer) {
        String url = claim.path("pairUrl").asString() + "." + offer.path("offer").asString();
        out.println();
        out.println("Scan this with your phone to link " + machine.name() + " to FlyDex:");
        out.println(TerminalQr.render(url, invertQr));
        out.println("Or open: " + url);
        out.println("(valid until " + claim.path("expiresAt").asString() + "; this desktop's key fingerprint: "
                + offer.path("helperFingerprint").asString() + ")");
        out.flush();
    }

    /** The claim's status once it is no longer pending. */
    private JsonNode awaitDecision(PairingClient api, String pollToken) throws IOException, InterruptedException {
        while (true) {
            JsonNode status = api.claimStatus(pollToken);
            if (!status.path("status").asString("").equals("pending")) {
                return status;
            }
            Thread.sleep(POLL);
        }
    }

    /**
     * Hands the helper the introduction the phone sent with its approval. Pairing goes on if it is
     * refused (or missing): the desktop is still linked, and {@code flydex pair --device} adds the
     * phone afterwards.
     */
    private void introduce(LocalHelperClient helper, JsonNode introduction) {
        if (!introduction.isObject()) {
            out.println("The phone sent no end-to-end introduction; add it later with `flydex pair --device`.");
            return;
        }
        try {
            JsonNode accepted = helper.introduce(introduction);
            out.println("Trusted \"" + introduction.path("deviceName").asString() + "\" (its fingerprint: "
                    + accepted.path("deviceFingerprint").asString() + ").");
        } catch (IOException refused) {
            out.println("This desktop could not trust the phone (" + refused.getMessage() + "); add it with `flydex pair --device`.");
        }
        out.flush();
    }

    private Outcome connect(PairingClient api, LocalHelperClient helper) throws IOException, InterruptedException {
        out.println("Approved. Connecting this desktop…");
        out.flush();
        JsonNode session = api.startLocalConnect();
        String id = session.path("id").asString();
        helper.connect(server, id, session.path("connectToken").asString());
        String ownFingerprint = helper.health().path("machine").path("keyFingerprint").asString("");
        Instant deadline = Instant.now().plus(CONNECT_WAIT);
        boolean finalized = false;
        while (Instant.now().isBefore(deadline)) {
            JsonNode progress = api.localConnect(id);
            String status = progress.path("status").asString("");
            if (!finalized && status.equals("awaiting_browser_finalize")) {
                if (!progress.path("machineKeyFingerprint").asString("").equals(ownFingerprint)) {
                    out.println("The machine that registered is not this helper. Stopping for safety.");
                    return Outcome.FAILED;
                }
                api.finalizeLocalConnect(id);
                finalized = true;
            }
            switch (status) {
                case "codex_ready" -> {
                    out.println("Linked. " + machine.name() + " is online and Codex is ready: open FlyDex on your phone.");
                    return Outcome.PAIRED;
                }
                case "codex_missing", "error", "failed" -> {
                    out.println("Linked, but Codex is not ready: " + progress.path("detail").asString(status));
                    return Outcome.FAILED;
                }
                default -> Thread.sleep(Duration.ofMillis(500));
            }
        }
        out.println("The desktop did not finish connecting in time.");
        return Outcome.FAILED;
    }
}
