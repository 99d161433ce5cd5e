package net.flydex.server.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import net.flydex.server.security.PasswordHasher;

/**
 * Everything {@code serve} was told.
 *
 * @param publicUrl the URL browsers use; its origin is the only one accepted on state changes
 * @param databaseUrl a PostgreSQL JDBC URL; empty means SQLite under {@code dataDir}
 * @param passwordParameters Argon2id cost (tests lower it; production keeps the default)
 */
public record ServerConfig(int port, Path dataDir, URI publicUrl, Optional<String> databaseUrl, Optional<String> redisUrl,
        String nodeId, PasswordHasher.Parameters passwordParameters) {

    public String publicOrigin() {
        return publicUrl.getScheme() + "://" + publicUrl.getHost() + (publicUrl.getPort() == -1 ? "" : ":" + publicUrl.getPort());
    }

    public boolean https() {
        return "https".equals(publicUrl.getScheme());
    }
}
