package net.flydex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One setup under load: every paired machine's helper connected ({@link LoadAgent}), one browser
 * per machine running rpcs in a closed loop ({@link LoadBrowser}), all in this JVM on a few
 * callback threads.
 */
final class ClusterLoad implements AutoCloseable {
    /** Sockets opened at once: the server's accept queue and the handshakes stay within bounds. */
    private static final int WAVE = 100;
    private static final Duration CONNECT_LIMIT = Duration.ofMinutes(5);
    private static final int CALLBACK_THREADS = 4;

    final LoadRecorder recorder = new LoadRecorder();
    final AtomicInteger welcomes = new AtomicInteger();
    final List<LoadAgent> agents = new ArrayList<>();
    final List<LoadBrowser> browsers = new ArrayList<>();
    private final ExecutorService callbacks = Executors.newFixedThreadPool(CALLBACK_THREADS, Thread.ofPlatform().daemon().factory());
    private final HttpClient http = HttpClient.newBuilder().executor(callbacks).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());

    /**
     * @param agentUrls for machine i, the {@code /ws/agent} URLs its helper dials, in order
     * @param browserUrl for machine i, the {@code /ws/client} URL of its browser
     */
    ClusterLoad(List<SimulatedAgent> machines, List<String> browserTokens, IntFunction<List<URI>> agentUrls,
            IntFunction<URI> browserUrl) {
        for (int i = 0; i < machines.size(); i++) {
            agents.add(new LoadAgent(machines.get(i), agentUrls.apply(i), http, timer, welcomes));
            browsers.add(new LoadBrowser(machines.get(i).machineId(), browserTokens.get(i), ClusterNode.PUBLIC, browserUrl.apply(i), http,
                    recorder, timer));
        }
    }

    /** Connects every helper, waits for all welcomes, then opens every browser and starts its loop. */
    void start() {
        agents.forEach(LoadAgent::start);
        awaitTrue(() -> agents.stream().allMatch(LoadAgent::connected), "every helper welcomed");
        for (int from = 0; from < browsers.size(); from += WAVE) {
            var wave = browsers.subList(from, Math.min(browsers.size(), from + WAVE)).stream()
                    .map(browser -> browser.open().thenAccept(browser::start)).toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(wave).join();
        }
    }

    /** Runs the load for {@code warmUp}, then records {@code measured}; answers the window's figures. */
    Window measure(Duration warmUp, Duration measured) {
        Pause.of(warmUp);
        recorder.begin();
        Instant start = Instant.now();
        Pause.of(measured);
        recorder.end();
        return new Window(Duration.between(start, Instant.now()), recorder.roundTrips(), recorder.latencies(), recorder.errors(),
                recorder.browserReconnects());
    }

    /** Round trips completed, their latencies, errors by code and browser sockets reopened, over one window. */
    record Window(Duration length, int roundTrips, Latencies latencies, java.util.Map<String, Long> errors, long browserReconnects) {
        double roundTripsPerSecond() {
            return roundTrips / (length.toNanos() / 1e9);
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        if (!within(CONNECT_LIMIT, condition)) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    /** Polls until the condition holds (true) or the limit passes (false). */
    static boolean within(Duration limit, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Pause.of(Duration.ofMillis(50));
        }
        return true;
    }

    @Override
    public void close() {
        browsers.forEach(LoadBrowser::stop);
        agents.forEach(LoadAgent::stop);
        timer.shutdownNow();
        http.shutdownNow();
        callbacks.shutdownNow();
    }
}
