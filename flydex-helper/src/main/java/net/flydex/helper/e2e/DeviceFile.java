package net.flydex.helper.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.flydex.helper.state.PrivateFiles;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.Base64Url;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.TrustedDevice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code devices.json} (0600) in the state directory: the devices this helper trusts, rewritten
 * whole and atomically after every change.
 *
 * <pre>{"version":1,"devices":[{"deviceId","publicKey","name","introducedAt"}]}</pre>
 *
 * <p>Read strictly: an entry whose id is not its key's, whose key is off the curve or whose name
 * could not have been introduced makes the whole file unreadable, and the helper refuses to start
 * rather than trust something it never accepted or silently forget devices.
 */
final class DeviceFile {
    static final String FILE = "devices.json";
    /** Bump with a migration whenever the file changes shape. */
    static final int FORMAT_VERSION = 1;

    private final Path file;

    DeviceFile(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    /** The trusted devices; none when the file does not exist yet. */
    List<TrustedDevice> load() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            JsonNode root = WireJson.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root.path("version").asInt(0) != FORMAT_VERSION || !root.path("devices").isArray()) {
                throw new IOException(file + " has format " + root.path("version") + "; this helper reads format " + FORMAT_VERSION);
            }
            List<TrustedDevice> devices = new ArrayList<>();
            for (JsonNode entry : root.path("devices")) {
                devices.add(device(entry));
            }
            return devices;
        } catch (E2eException | RuntimeException e) { // RuntimeException: Jackson's, and bad times or names
            throw new IOException(file + " is unreadable; it was left untouched", e);
        }
    }

    void save(List<TrustedDevice> devices) throws IOException {
        ObjectNode root = WireJson.mapper().createObjectNode().put("version", FORMAT_VERSION);
        var list = root.putArray("devices");
        devices.forEach(device -> list.addObject().put("deviceId", device.deviceId()).put("publicKey", Base64Url.encode(device.publicKey()))
                .put("name", device.name()).put("introducedAt", device.introducedAt().toString()));
        PrivateFiles.write(file, WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
    }

    private TrustedDevice device(JsonNode entry) throws E2eException, IOException {
        byte[] key = Base64Url.decode(entry.path("publicKey").asString(null));
        P256.checkPoint(key);
        String deviceId = entry.path("deviceId").asString("");
        if (!deviceId.equals(P256.deviceId(key))) {
            throw new IOException("a device id in " + file + " does not match its key");
        }
        String name = entry.path("name").asString(null);
        TrustedDevice.checkName(name);
        return new TrustedDevice(deviceId, key, name, Instant.parse(entry.path("introducedAt").asString("")));
    }
}
