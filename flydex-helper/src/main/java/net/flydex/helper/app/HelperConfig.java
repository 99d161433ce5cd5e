package net.flydex.helper.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.flydex.helper.codex.CodexConfig;

/**
 * Everything {@code flydex run} was told.
 *
 * @param servers the control plane's URLs: one (its public URL or load balancer), or several nodes
 *     that the agent link fails over between
 * @param allowedOrigins web origins allowed to call the local API (the servers' own by default)
 */
public record HelperConfig(int port, Path stateDir, List<URI> servers, Set<String> allowedOrigins, CodexConfig codex) {
    public HelperConfig {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one server");
        }
        servers = List.copyOf(servers);
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** The first server: where pairing starts. */
    public URI server() {
        return servers.get(0);
    }
}
