package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.WireJson;

/**
 * {@code POST http://127.0.0.1:P/v1/connect} as the desktop page sends it: FlyDex's origin, the
 * {@code X-FlyDex-Client: web} header and a JSON body handing over the local-connect session.
 * (A browser would preflight it first; that loopback OPTIONS is not part of this request.)
 */
final class HelperConnectCall implements AutoCloseable {
    /** The helper answers at once and does the work in the background; this bounds a hung helper only. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    // HTTP/1.1 because the local API speaks nothing else.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    /** The helper's status code. */
    int send(int port, URI server, String localConnectId, String connectToken) {
        String body = WireJson.mapper().writeValueAsString(
                Map.of("server", server.toString(), "localConnectId", localConnectId, "connectToken", connectToken));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/connect"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-FlyDex-Client", "web")
                .header("Origin", server.toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("POST /v1/connect to the helper failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST /v1/connect", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
