package net.flydex.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SQLite has one writer at a time, and its busy handler does not queue the others: each sleeps
 * and polls again until busy_timeout (10 s) runs out, then fails with SQLITE_BUSY. With several
 * pooled connections, a writer behind a long transaction - or behind a stream of short ones it
 * keeps missing, as on a loaded node - failed that way: a 500. Writers must queue before SQLite.
 */
class ConcurrentWritesTest {
    /** Writers arriving while one transaction holds the lock, as a burst of local connects does. */
    private static final int WAITING_WRITERS = 3;
    /** Longer than Database's busy_timeout (10 s): past it, a writer waiting inside SQLite gives up. */
    private static final Duration HELD = Duration.ofMillis(10_500);

    @Test
    void writersBehindATransactionLongerThanTheBusyTimeoutWaitTheirTurnAndAllSucceed() throws Exception {
        Path dir = Files.createTempDirectory("flydex-sqlite-writes");
        try (Database database = Database.open(Optional.empty(), dir)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE write_test (writer INTEGER)"));
            var holding = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(WAITING_WRITERS + 1);
            List<Future<?>> done = new ArrayList<>();
            done.add(pool.submit(() -> {
                database.jdbi().useTransaction(h -> {
                    h.createUpdate("INSERT INTO write_test (writer) VALUES (0)").execute();
                    holding.countDown();
                    Thread.sleep(HELD);
                });
                return null;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            for (int w = 1; w <= WAITING_WRITERS; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    if (writer % 2 == 0) {
                        database.jdbi().useTransaction(h -> h.createUpdate("INSERT INTO write_test (writer) VALUES (:w)").bind("w", writer).execute());
                    } else {
                        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO write_test (writer) VALUES (:w)").bind("w", writer).execute());
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(); // Before one connection per node: SQLITE_BUSY (database is locked) after 10 s.
            }
            pool.shutdown();
            int rows = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM write_test").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(WAITING_WRITERS + 1);
        }
    }
}
