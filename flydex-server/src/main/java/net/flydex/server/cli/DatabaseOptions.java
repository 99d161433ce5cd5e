package net.flydex.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the control plane's database is: shared by {@code serve} and the operator commands that work on the same database. */
final class DatabaseOptions {
    @Option(names = "--data-dir", defaultValue = "${env:FLYDEX_DATA_DIR:-./flydex-data}",
            description = "Where the SQLite database lives (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database-url", defaultValue = "${env:FLYDEX_DATABASE_URL}",
            description = "PostgreSQL JDBC URL; without it, SQLite in the data dir.")
    String databaseUrl;
}
