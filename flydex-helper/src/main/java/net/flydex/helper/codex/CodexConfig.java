package net.flydex.helper.codex;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where Codex is and how to reach it.
 *
 * @param binary the codex executable; empty means "find {@code codex} on PATH"
 * @param home CODEX_HOME ({@code ~/.codex} unless configured)
 * @param requestTimeout how long one request may take before it counts as hung
 * @param helperVersion sent as clientInfo.version, so Codex logs show which helper spoke
 */
public record CodexConfig(Optional<Path> binary, Path home, CodexMode mode, Duration requestTimeout, String helperVersion) {

    /** CODEX_HOME from the environment, else {@code ~/.codex}, as Codex itself resolves it. */
    public static Path defaultHome() {
        String env = System.getenv("CODEX_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".codex");
    }
}
