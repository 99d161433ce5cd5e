package net.flydex.helper.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import net.flydex.helper.codex.CodexConfig;

/**
 * Everything {@code flydex run} was told.
 *
 * @param server the control plane's public URL
 * @param allowedOrigins web origins allowed to call the local API (the server's own by default)
 */
public record HelperConfig(int port, Path stateDir, URI server, Set<String> allowedOrigins, CodexConfig codex) {
    public HelperConfig {
        allowedOrigins = Set.copyOf(allowedOrigins);
    }
}
