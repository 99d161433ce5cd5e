package net.flydex.helper.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state directory. {@code state.json} carries a format {@link #FORMAT_VERSION}; an older
 * format is migrated in place (the old file kept beside it as {@code state-v<N>.json}), a newer
 * one (from a later helper) is refused rather than overwritten, so neither an upgrade nor a
 * downgrade loses the machine identity.
 *
 * <p>Format 2: {@code {"version":2,"publicKey","pairing":{"machineId","server","revoked"}}}, the
 * pairing present only once paired. Format 1 (helper 0.1.0 before the npm distribution) kept the
 * pairing fields at the top level.
 */
public final class HelperState {
    /** Bump with a migration step in {@link #migrate} whenever state.json changes shape. */
    public static final int FORMAT_VERSION = 2;
    private static final String KEY_FILE = "machine-key.pem";
    private static final String STATE_FILE = "state.json";

    /**
     * @param machineId set once the server registered this machine
     * @param server the control plane it registered with
     * @param revoked true once the server refused the machine (removed from its account)
     */
    public record Pairing(String machineId, String server, boolean revoked) {}

    private final Path dir;
    private final MachineIdentity identity;
    private Optional<Pairing> pairing;

    private HelperState(Path dir, MachineIdentity identity, Optional<Pairing> pairing) {
        this.dir = dir;
        this.identity = identity;
        this.pairing = pairing;
    }

    /** Opens the state directory, creating the key pair on first use. */
    public static HelperState open(Path dir) throws IOException {
        PrivateFiles.ensureDir(dir);
        try {
            Path stateFile = dir.resolve(STATE_FILE);
            if (!Files.exists(stateFile)) {
                var fresh = new HelperState(dir, MachineIdentity.generate(), Optional.empty());
                PrivateFiles.write(dir.resolve(KEY_FILE), fresh.identity.toPem().getBytes(StandardCharsets.US_ASCII));
                fresh.save();
                return fresh;
            }
            ObjectNode read = (ObjectNode) WireJson.mapper().readTree(Files.readString(stateFile));
            ObjectNode state = migrate(dir, read);
            MachineIdentity identity = MachineIdentity.fromPem(Files.readString(dir.resolve(KEY_FILE)),
                    java.util.Base64.getDecoder().decode(state.path("publicKey").asString()));
            var opened = new HelperState(dir, identity, pairingOf(state));
            if (state != read) {
                opened.save(); // Writes the migrated format back; a current one is left as it is (a start writes nothing).
            }
            return opened;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("the FlyDex state in " + dir + " is unreadable; it was left untouched", e);
        }
    }

    /** The state as it is, for commands that must not create one (unpair, doctor); empty when there is none yet. */
    public static Optional<HelperState> openExisting(Path dir) throws IOException {
        return Files.exists(dir.resolve(STATE_FILE)) ? Optional.of(open(dir)) : Optional.empty();
    }

    /**
     * The pairing recorded in the state directory, read without opening (or rewriting) the state:
     * for a command that runs beside the helper ({@code flydex pair --device}). Empty when unpaired.
     */
    public static Optional<Pairing> readPairing(Path dir) throws IOException {
        return Files.exists(dir.resolve(STATE_FILE)) ? pairingOf(read(dir)) : Optional.empty();
    }

    /** The {@code pairing} object of a format-2 state. */
    private static Optional<Pairing> pairingOf(JsonNode state) {
        JsonNode paired = state.path("pairing");
        return paired.hasNonNull("machineId")
                ? Optional.of(new Pairing(paired.path("machineId").asString(), paired.path("server").asString(),
                        paired.path("revoked").asBoolean(false)))
                : Optional.empty();
    }

    public MachineIdentity identity() {
        return identity;
    }

    public synchronized Optional<Pairing> pairing() {
        return pairing;
    }

    public synchronized void paired(String machineId, String server) throws IOException {
        pairing = Optional.of(new Pairing(machineId, server, false));
        save();
    }

    public synchronized void revoked() throws IOException {
        pairing = pairing.map(p -> new Pairing(p.machineId(), p.server(), true));
        save();
    }

    /** Forgets the pairing (not the key): the next connect registers again. */
    public synchronized void unpaired() throws IOException {
        pairing = Optional.empty();
        save();
    }

    /**
     * Forgets this machine ({@code flydex unpair}, after the server revoked it): the key and the
     * pairing are deleted, so the next start makes a new identity. Logs stay.
     */
    public synchronized void forget() throws IOException {
        Files.deleteIfExists(dir.resolve(STATE_FILE));
        Files.deleteIfExists(dir.resolve(KEY_FILE));
        pairing = Optional.empty();
    }

    public Path dir() {
        return dir;
    }

    private synchronized void save() throws IOException {
        ObjectNode state = WireJson.mapper().createObjectNode().put("version", FORMAT_VERSION)
                .put("publicKey", identity.publicKeyBase64());
        pairing.ifPresent(p -> state.putObject("pairing").put("machineId", p.machineId()).put("server", p.server())
                .put("revoked", p.revoked()));
        PrivateFiles.write(dir.resolve(STATE_FILE), WireJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(state).getBytes(StandardCharsets.UTF_8));
    }

    /** Brings an older state.json to {@link #FORMAT_VERSION}, one step per format, keeping the original beside it. */
    private static ObjectNode migrate(Path dir, ObjectNode state) throws IOException {
        int version = state.path("version").asInt(0);
        if (version > FORMAT_VERSION) {
            throw new IOException("state.json has format " + version + ", newer than this helper understands ("
                    + FORMAT_VERSION + "); upgrade FlyDex");
        }
        if (version == FORMAT_VERSION) {
            return state;
        }
        Path backup = dir.resolve("state-v" + version + ".json");
        if (!Files.exists(backup)) {
            PrivateFiles.write(backup, Files.readAllBytes(dir.resolve(STATE_FILE)));
        }
        if (version <= 1) {
            state = fromFormat1(state);
        }
        return state;
    }

    /** Format 1 to 2: the pairing fields move into one {@code pairing} object. */
    private static ObjectNode fromFormat1(ObjectNode v1) {
        ObjectNode v2 = WireJson.mapper().createObjectNode().put("version", 2).put("publicKey", v1.path("publicKey").asString());
        if (v1.hasNonNull("machineId")) {
            v2.putObject("pairing").put("machineId", v1.path("machineId").asString()).put("server", v1.path("server").asString())
                    .put("revoked", v1.path("revoked").asBoolean(false));
        }
        return v2;
    }

    /** For tests and diagnostics: the parsed state file. */
    static JsonNode read(Path dir) throws IOException {
        return WireJson.mapper().readTree(Files.readString(dir.resolve(STATE_FILE)));
    }
}
