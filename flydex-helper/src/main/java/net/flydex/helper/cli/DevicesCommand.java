package net.flydex.helper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.helper.pairing.LocalHelperClient;
import net.flydex.helper.state.ControlFile;
import net.flydex.helper.state.StateLock;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.E2eLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code flydex devices} lists the browsers this desktop trusts end to end, and
 * {@code flydex devices revoke ID} stops trusting one, {@code flydex devices rename ID NAME} renames
 * one. With a helper running on this state directory it asks that helper (through its local API
 * and the control file's secret), so a revocation also ends the device's open sessions at once;
 * with none, it reads and rewrites {@code devices.json} itself, holding the state directory's lock
 * so no helper starts meanwhile.
 */
@Command(name = "devices", mixinStandardHelpOptions = true, subcommands = {DevicesCommand.Revoke.class, DevicesCommand.Rename.class},
        description = "List the browsers this desktop trusts end to end (revoke one with `devices revoke ID`, rename one with `devices rename ID NAME`).")
final class DevicesCommand extends HelperCommand {
    static final int EXIT_FAILED = 1;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        Path stateDir = options.config().stateDir();
        Optional<JsonNode> list = withDevices(stateDir, LocalHelperClient::devices, e2e -> e2e.devices(""));
        if (list.isEmpty()) {
            out.println("This desktop trusts no devices yet: pair a phone with `flydex pair`, or open FlyDex on this desktop.");
            return 0;
        }
        JsonNode devices = list.get().path("devices");
        out.println("This desktop's key fingerprint: " + list.get().path("helperFingerprint").asString());
        out.println(devices.isEmpty() ? "No trusted devices." : "Trusted devices (" + devices.size() + "):");
        for (JsonNode device : devices) {
            out.println("  " + device.path("deviceId").asString() + "  " + device.path("fingerprint").asString() + "  "
                    + device.path("name").asString() + " (introduced " + device.path("introducedAt").asString() + ")");
        }
        out.println("Compare a fingerprint with the one the device shows. Stop trusting one: flydex devices revoke ID;"
                + " rename one: flydex devices rename ID NAME");
        return 0;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Stop trusting a device; it must be introduced again from the desktop's QR.")
    static final class Revoke extends HelperCommand {
        @Parameters(paramLabel = "ID", description = "The device id, as `flydex devices` lists it.")
        String deviceId;

        @Override
        public Integer call() throws Exception {
            return changeDevice(out(), options.config().stateDir(), deviceId, (client, secret) -> {
                client.revokeDevice(secret, deviceId);
                return WireJson.mapper().booleanNode(true);
            }, e2e -> e2e.revoke(deviceId), "Revoked " + deviceId + ": its open sessions end now, and it must be introduced again from the desktop's QR.");
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Give a trusted device another name (quote a name with spaces).")
    static final class Rename extends HelperCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The device id, as `flydex devices` lists it.")
        String deviceId;

        @Parameters(index = "1", paramLabel = "NAME", description = "1 to " + E2eLimits.MAX_DEVICE_NAME_BYTES
                + " bytes of text, no control characters.")
        String name;

        @Override
        public Integer call() throws Exception {
            return changeDevice(out(), options.config().stateDir(), deviceId, (client, secret) -> {
                client.renameDevice(secret, deviceId, name);
                return WireJson.mapper().booleanNode(true);
            }, e2e -> e2e.rename(deviceId, name), "Renamed " + deviceId + " to " + name + ".");
        }
    }

    /** A change to one trusted device, by the running helper or on the files: prints {@code done}, or why nothing changed. */
    static int changeDevice(PrintWriter out, Path stateDir, String deviceId, Online online, Offline offline, String done) {
        try {
            if (withDevices(stateDir, online, offline).map(JsonNode::asBoolean).orElse(false)) {
                out.println(done);
                return 0;
            }
            out.println("flydex: this desktop trusts no device " + deviceId + "; `flydex devices` lists them.");
        } catch (IOException | E2eException refused) {
            out.println("flydex: " + refused.getMessage());
        }
        return EXIT_FAILED;
    }

    /** A request to the running helper: its client and control secret. */
    @FunctionalInterface
    interface Online {
        JsonNode ask(LocalHelperClient helper, String controlSecret) throws IOException;
    }

    /** The same request answered from the files, with no helper running. */
    @FunctionalInterface
    interface Offline {
        Object answer(HelperE2e e2e) throws IOException, E2eException;
    }

    /**
     * Asks the helper that holds this state directory, or, when none does, the files themselves;
     * empty when no helper has ever made a key here.
     */
    static Optional<JsonNode> withDevices(Path stateDir, Online online, Offline offline) throws IOException, E2eException {
        try (StateLock idle = StateLock.acquire(stateDir)) {
            Optional<HelperE2e> e2e = HelperE2e.openExisting(stateDir, Clock.systemUTC());
            if (e2e.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(WireJson.mapper().valueToTree(offline.answer(e2e.get())));
        } catch (StateLock.HeldElsewhere running) {
            ControlFile control = ControlFile.read(stateDir)
                    .orElseThrow(() -> new IOException("a helper holds " + stateDir + " but left no control file; stop it and try again"));
            return Optional.of(online.ask(new LocalHelperClient(control.port()), control.secret()));
        }
    }
}
