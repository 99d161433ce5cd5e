package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import net.flydex.helper.HelperVersion;
import net.flydex.helper.codex.CodexConfig;
import net.flydex.helper.codex.CodexMode;
import net.flydex.protocol.Limits;
import net.flydex.testkit.SharedCodex;
import tools.jackson.databind.JsonNode;

/**
 * Bridge added latency: the same sequential {@code thread/list} round trips through
 * {@link BridgeClient} and {@link DirectClient}, each with its own app-server and Codex home.
 * The two sides run in alternating blocks, and which side goes first flips every block, so drift
 * (JIT, GC, CPU frequency, Codex's caches) lands on both alike rather than on whichever ran second.
 */
final class LatencyBench {
    /** Untimed round trips per side first, so both paths are JIT-compiled before anything counts. */
    static final int WARMUP_ROUNDS = 200;
    /** Round trips per side before switching: short enough to share drift, long enough to stay in a rhythm. */
    static final int BLOCK = 100;
    /** A thread/list answers in a few milliseconds; this bounds a hung Codex only. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** Codex initializes in well under a second here; this bounds a broken install only. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private LatencyBench() {}

    static LatencyComparison run(SharedCodex codex, Path work, int rounds) {
        Path cwd = directory(work.resolve("thread-cwd"));
        var config = new CodexConfig(Optional.of(codex.install().binary()), codex.privateHome(work.resolve("bridge-home")).dir(),
                CodexMode.PRIVATE, Limits.CODEX_REQUEST_TIMEOUT, HelperVersion.get());
        try (var bridge = BridgeClient.start(config, CALL_TIMEOUT, START_LIMIT);
                var direct = DirectClient.start(codex.install().binary(), codex.privateHome(work.resolve("direct-home")), CALL_TIMEOUT)) {
            int listed = ThreadSeeder.seed(bridge, cwd);
            if (ThreadSeeder.seed(direct, cwd) != listed) {
                throw new IllegalStateException("bridge and direct homes list different thread counts");
            }
            alternate(bridge, direct, new long[WARMUP_ROUNDS], new long[WARMUP_ROUNDS], listed);
            long[] bridgeNanos = new long[rounds];
            long[] directNanos = new long[rounds];
            alternate(bridge, direct, bridgeNanos, directNanos, listed);
            return new LatencyComparison(Latencies.of(bridgeNanos), Latencies.of(directNanos), listed);
        }
    }

    private static void alternate(AppServerClient bridge, AppServerClient direct, long[] bridgeNanos, long[] directNanos,
            int listed) {
        for (int from = 0, block = 0; from < bridgeNanos.length; from += BLOCK, block++) {
            int to = Math.min(from + BLOCK, bridgeNanos.length);
            boolean bridgeFirst = block % 2 == 0;
            time(bridgeFirst ? bridge : direct, bridgeFirst ? bridgeNanos : directNanos, from, to, listed);
            time(bridgeFirst ? direct : bridge, bridgeFirst ? directNanos : bridgeNanos, from, to, listed);
        }
    }

    private static void time(AppServerClient client, long[] nanos, int from, int to, int listed) {
        JsonNode params = TimedRequest.params();
        for (int i = from; i < to; i++) {
            long start = System.nanoTime();
            JsonNode result = client.call(TimedRequest.METHOD, params);
            nanos[i] = System.nanoTime() - start;
            // Checked outside the timed span: both sides must have done the same work.
            if (result.path("data").size() != listed) {
                throw new IllegalStateException(TimedRequest.METHOD + " returned " + result.path("data").size() + " threads, expected " + listed);
            }
        }
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
