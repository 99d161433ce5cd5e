package net.flydex.helper.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The start's warm-up of the sealed rpc path: real sessions, real sealing, the real bridge where it matters. */
class SealedPathWarmupTest extends WithRelay {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void everyRoundTripIsSealedAnsweredByTheBridgeAndOpenedAsAResult() throws Exception {
        var asked = new CopyOnWriteArrayList<String>();
        BiFunction<String, JsonNode, CompletableFuture<JsonNode>> bridge = (method, params) -> {
            asked.add(method + " " + params);
            return harness.bridge.call(method, params);
        };

        assertThat(new SealedPathWarmup(bridge, 50).run()).isEqualTo(50);

        // Only the read-only rpc, with the params a phone sends.
        assertThat(asked).hasSize(50).containsOnly("approvals/list {}");
    }

    @Test
    void itLeavesTheRelayAsItWasNoSessionNoFrameNoFile() throws Exception {
        List<String> filesBefore = files();
        List<String> sentBefore = harness.uplink.texts();

        new SealedPathWarmup(harness.bridge::call, 200).run();

        assertThat(harness.relay.openSessions()).isZero();
        assertThat(harness.uplink.texts()).isEqualTo(sentBefore);
        assertThat(files()).isEqualTo(filesBefore);
        // A phone's own session after it starts at counter 0 and is answered as if no warm-up had run.
        SealedDevice phone = harness.device("phone").connect();
        assertThat(phone.result("approvals/list", "{}").path("approvals")).isEmpty();
        assertThat(harness.relay.openSessions()).isOne();
    }

    @Test
    void itRunsOnceOnItsOwnThreadAndBeginNeverWaitsForIt() throws Exception {
        var release = new CountDownLatch(1);
        var calls = new CopyOnWriteArrayList<String>();
        var warmup = new SealedPathWarmup((method, params) -> {
            calls.add(method);
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(WireJson.mapper().createObjectNode().set("approvals",
                    WireJson.mapper().createArrayNode()));
        }, 20);

        long start = System.nanoTime();
        assertThat(warmup.begin()).isTrue();
        assertThat(warmup.begin()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // It is blocked on its first call (keys and handshake done), while begin has long returned.
        await().atMost(WAIT).until(() -> calls.size() == 1);
        Thread running = warmupThread();
        assertThat(running.isDaemon()).isTrue();

        release.countDown();
        running.join(WAIT.toMillis());
        assertThat(running.isAlive()).isFalse();
        assertThat(calls).hasSize(20);
        assertThat(warmup.begin()).isFalse();
    }

    @Test
    void aFailingBridgeEndsTheWarmUpQuietly() throws Exception {
        var calls = new CopyOnWriteArrayList<String>();
        var warmup = new SealedPathWarmup((method, params) -> {
            calls.add(method);
            return CompletableFuture.failedFuture(new IllegalStateException("codex is gone"));
        }, 20);

        assertThat(warmup.begin()).isTrue();
        await().atMost(WAIT).until(() -> !calls.isEmpty() && Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("warm-sealed-path")));
        assertThat(calls).hasSize(1);
    }

    private static Thread warmupThread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("warm-sealed-path")).findFirst().orElseThrow();
    }

    private List<String> files() throws Exception {
        try (var all = Files.walk(work)) {
            return all.map(path -> work.relativize(path) + " " + path.toFile().length()).sorted().toList();
        }
    }
}
