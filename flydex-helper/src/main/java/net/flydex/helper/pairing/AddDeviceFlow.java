package net.flydex.helper.pairing;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import net.flydex.helper.state.ControlFile;
import net.flydex.helper.state.HelperState;
import tools.jackson.databind.JsonNode;

/**
 * {@code flydex pair --device}: trust one more phone or browser on a desktop that is already
 * paired. The terminal shows {@code <server>/add-device#<machineId>.<offer>} as a QR; the phone,
 * signed in to the same account, sends its introduction through the relay ({@code e2e/introduce})
 * and pins the helper's key from the QR. This waits until the helper trusts a new device, or the
 * offer expires.
 */
public final class AddDeviceFlow {
    /** The device list is local and cheap: a second is quick enough for a person watching. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final HelperState.Pairing pairing;
    private final ControlFile control;
    private final PrintWriter out;
    private final boolean invertQr;

    /** @param control the running helper's control file (the device list needs its secret) */
    public AddDeviceFlow(HelperState.Pairing pairing, ControlFile control, PrintWriter out, boolean invertQr) {
        this.pairing = pairing;
        this.control = control;
        this.out = out;
        this.invertQr = invertQr;
    }

    /** True once a new device is trusted; false when the QR expired first. */
    public boolean run() throws IOException, InterruptedException {
        var helper = new LocalHelperClient(control.port());
        Set<String> known = ids(helper.devices(control.secret()));
        JsonNode offer = helper.offer();
        String url = pairing.server().replaceAll("/+$", "") + "/add-device#" + pairing.machineId() + "." + offer.path("offer").asString();
        out.println();
        out.println("Scan this with the phone to add (signed in to FlyDex with the same account):");
        out.println(TerminalQr.render(url, invertQr));
        out.println("Or open: " + url);
        out.println("(valid until " + offer.path("expiresAt").asString() + "; this desktop's key fingerprint: "
                + offer.path("helperFingerprint").asString() + ")");
        out.flush();
        Instant expires = Instant.parse(offer.path("expiresAt").asString());
        while (Instant.now().isBefore(expires)) {
            for (JsonNode device : helper.devices(control.secret()).path("devices")) {
                if (!known.contains(device.path("deviceId").asString())) {
                    out.println("Trusted \"" + device.path("name").asString() + "\" (its fingerprint: " + device.path("fingerprint").asString()
                            + "). Compare it with the one the phone shows.");
                    return true;
                }
            }
            Thread.sleep(POLL);
        }
        out.println("The QR expired before a device used it. Run `flydex pair --device` again when you are ready.");
        return false;
    }

    private static Set<String> ids(JsonNode list) {
        Set<String> ids = new HashSet<>();
        list.path("devices").forEach(device -> ids.add(device.path("deviceId").asString()));
        return ids;
    }
}
