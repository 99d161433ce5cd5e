package net.flydex.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The control plane's database: SQLite in the data directory by default, PostgreSQL when a JDBC
 * URL is given. One set of Flyway migrations ({@code db/migration}) serves both, so the SQL there
 * stays portable.
 */
public final class Database implements AutoCloseable {
    /**
     * SQLite allows one writer, and its busy handler does not queue the others: each sleeps and
     * polls again (up to 100 ms apart), so with several pooled connections a writer could wait
     * seconds while the lock sat free, and past busy_timeout fail with SQLITE_BUSY (a 500). One
     * connection makes writers queue in the pool instead, first come first served; SQLite then never
     * sees two writers of this process. Reads are microseconds, so they lose nothing that matters.
     */
    private static final int SQLITE_POOL = 1;
    private static final int POSTGRES_POOL = 16;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean sqlite;

    private Database(HikariDataSource dataSource, boolean sqlite) {
        this.dataSource = dataSource;
        this.sqlite = sqlite;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens and migrates: {@code jdbcUrl} if present, else {@code <dataDir>/flydex.db}. */
    public static Database open(Optional<String> jdbcUrl, Path dataDir) {
        var config = new HikariConfig();
        boolean sqlite = jdbcUrl.isEmpty() || jdbcUrl.get().startsWith("jdbc:sqlite:");
        config.setJdbcUrl(jdbcUrl.orElse("jdbc:sqlite:" + dataDir.resolve("flydex.db")));
        config.setPoolName("flydex-db");
        if (sqlite) {
            config.setMaximumPoolSize(SQLITE_POOL);
            // With one connection these matter only for other processes opening the file (the
            // command line's tools): IMMEDIATE takes the write lock up front, busy_timeout waits for it.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("synchronous", "NORMAL");
        } else {
            config.setMaximumPoolSize(POSTGRES_POOL);
        }
        var dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, sqlite);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean isSqlite() {
        return sqlite;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
