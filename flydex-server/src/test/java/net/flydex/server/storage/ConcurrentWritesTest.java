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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * SQLite has one writer at a time. Its busy handler does not queue waiting writers: each sleeps
 * and polls again, up to 100 ms apart, so a waiter can sleep through free moments of the lock and
 * past its busy timeout, failing with SQLITE_BUSY. Writers must queue before they reach SQLite:
 * every transaction succeeds, and none waits much longer than the ones ahead of it take.
 */
class ConcurrentWritesTest {
    /** More writers than connections, as a burst of local connects, sign-ups and helper hellos makes. */
    private static final int WRITERS = 8;
    /** Each transaction holds the write lock this long, as one slowed down on a loaded machine does. */
    private static final Duration HELD = Duration.ofMillis(100);
    private static final int TRANSACTIONS_EACH = 8;
    /**
     * In a queue a writer waits for the others' transactions ahead of it, at most {@code WRITERS - 1}
     * of them; twice the whole round leaves room for a loaded machine. Polling writers waited 5 to 7
     * seconds here: at that rate a busier node crosses the 10 s busy timeout.
     */
    private static final Duration FAIR_WAIT = HELD.multipliedBy(2L * WRITERS);

    @Test
    void concurrentWriteTransactionsOnSqliteAllSucceedAndWaitTheirTurn() throws Exception {
        Path dir = Files.createTempDirectory("flydex-sqlite-writes");
        try (Database database = Database.open(Optional.empty(), dir)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE write_test (writer INTEGER, n INTEGER)"));
            var start = new CountDownLatch(1);
            var longestWait = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < TRANSACTIONS_EACH; n++) {
                        int step = n;
                        long asked = System.nanoTime();
                        database.jdbi().useTransaction(h -> {
                            longestWait.accumulateAndGet(System.nanoTime() - asked, Math::max);
                            h.createUpdate("INSERT INTO write_test (writer, n) VALUES (:w, :n)").bind("w", writer).bind("n", step).execute();
                            Thread.sleep(HELD);
                        });
                        // Reads and single-statement writes outside transactions, alongside.
                        database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM write_test").mapTo(Integer.class).one());
                        database.jdbi().useHandle(h -> h.createUpdate("UPDATE write_test SET n = n WHERE writer = :w AND n = :n")
                                .bind("w", writer).bind("n", step).execute());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
            int rows = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM write_test").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(WRITERS * TRANSACTIONS_EACH);
            assertThat(Duration.ofNanos(longestWait.get())).as("writers queue: none waits longer than the others' turns take")
                    .isLessThan(FAIR_WAIT);
        }
    }
}
