package net.flydex.helper.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code control.json} (0600) in the state directory: how the {@code flydex} CLI of the same user
 * finds and stops the running helper. The secret is new on every start and lives only in this
 * file and the helper's memory, so a web page - which can neither read the file nor send the
 * header it goes in - cannot stop the helper.
 *
 * @param pid the helper process
 * @param port its local API port
 * @param secret 256 random bits, base64url; the bearer token of {@code POST /v1/stop}
 */
public record ControlFile(long pid, int port, String version, String secret) {
    private static final String FILE = "control.json";
    /** As long as a session token: guessing it is not an option. */
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A control file for this process, with a fresh secret. */
    public static ControlFile forThisProcess(int port, String version) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new ControlFile(ProcessHandle.current().pid(), port, version,
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The same process and secret, on the port the local API actually bound. */
    public ControlFile withPort(int boundPort) {
        return new ControlFile(pid, boundPort, version, secret);
    }

    public void write(Path stateDir) throws IOException {
        PrivateFiles.ensureDir(stateDir);
        String json = WireJson.mapper().createObjectNode().put("pid", pid).put("port", port).put("version", version)
                .put("secret", secret).toString();
        PrivateFiles.write(stateDir.resolve(FILE), json.getBytes(StandardCharsets.UTF_8));
    }

    /** The running (or crashed) helper's control file; empty when there is none or it is unreadable. */
    public static Optional<ControlFile> read(Path stateDir) {
        try {
            JsonNode json = WireJson.mapper().readTree(Files.readString(stateDir.resolve(FILE)));
            return Optional.of(new ControlFile(json.path("pid").asLong(), json.path("port").asInt(),
                    json.path("version").asString(""), json.path("secret").asString("")));
        } catch (IOException | JacksonException absentOrDamaged) {
            return Optional.empty();
        }
    }

    /** Removes it, if it is still this one's (a newer helper may have replaced it). */
    public void delete(Path stateDir) {
        if (read(stateDir).filter(this::equals).isPresent()) {
            try {
                Files.deleteIfExists(stateDir.resolve(FILE));
            } catch (IOException ignored) {
                // A stale file names a dead pid and a secret nobody accepts: harmless.
            }
        }
    }
}
