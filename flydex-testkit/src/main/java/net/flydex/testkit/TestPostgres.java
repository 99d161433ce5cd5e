package net.flydex.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway database on the local PostgreSQL server ({@code FLYDEX_TEST_PG}, default
 * {@code 127.0.0.1:5432}, user {@code postgres}, trust auth). Without a server a test is skipped
 * with a loud message on a laptop, but fails under {@code CI=true}, where {@code .ci/run} starts one.
 */
public final class TestPostgres implements AutoCloseable {
    private static final String HOST = System.getenv().getOrDefault("FLYDEX_TEST_PG", "127.0.0.1:5432");
    private static final String USER = "postgres";

    private final String name;

    private TestPostgres(String name) {
        this.name = name;
    }

    public static TestPostgres create() {
        String name = "flydex_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection admin = admin()) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + HOST + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI must provide it", e);
            }
            System.err.println("\n*** SKIPPING PostgreSQL test: " + message + " ***\n");
            Assumptions.abort(message);
        }
        return new TestPostgres(name);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + "/" + name + "?user=" + USER;
    }

    @Override
    public void close() {
        try (Connection admin = admin()) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + name, e);
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres?user=" + USER);
    }
}
