package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The floor under every HTTP figure: sequential {@code GET /healthz} round trips, a route that does
 * no work, with the same client settings as {@link HttpSignins}. What a sign-in takes above this is
 * the route's own work.
 */
final class HttpFloor {
    private static final int OK = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private HttpFloor() {}

    static Latencies measure(URI server, int warmup, int rounds) {
        var request = HttpRequest.newBuilder(server.resolve("/healthz")).timeout(TIMEOUT).GET().build();
        long[] nanos = new long[rounds];
        try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build()) {
            for (int i = -warmup; i < rounds; i++) {
                long start = System.nanoTime();
                int status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                long took = System.nanoTime() - start;
                if (status != OK) {
                    throw new IllegalStateException("GET /healthz answered " + status);
                }
                if (i >= 0) {
                    nanos[i] = took;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET /healthz failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET /healthz", e);
        }
        return Latencies.of(nanos);
    }
}
