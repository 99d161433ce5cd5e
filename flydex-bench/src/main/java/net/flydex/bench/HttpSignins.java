package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.WireJson;

/**
 * {@code POST /api/auth/signin} as a browser on FlyDex's origin sends it, through the whole
 * server: Javalin, the origin check, both rate limits, Argon2, the session rows, the audit record,
 * the cookies. The per-address limit is honoured, not bypassed: every {@link SigninBench#PAIRS_PER_ADDRESS}
 * pairs the connections leave from the next loopback address (127.0.0.2, 127.0.0.3, ...), as
 * that many separate people would. Linux routes all of 127.0.0.0/8 to the loopback interface.
 */
final class HttpSignins implements SigninPath {
    private static final int OK = 200;
    private static final int UNAUTHORIZED = 401;
    private static final int RATE_LIMITED = 429;
    /** 127.0.0.1 is left to the rest of the bench. */
    private static final int FIRST_HOST = 2;
    /** A sign-in takes tens of milliseconds; this bounds a hung server only. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI signin;
    private final String origin;
    private HttpClient http;
    private int address = -1;

    HttpSignins(URI server) {
        this.signin = server.resolve("/api/auth/signin");
        this.origin = server.toString();
    }

    /** How many source addresses {@code pairs} known/unknown pairs need. */
    static int addressesFor(int pairs) {
        return (pairs + SigninBench.PAIRS_PER_ADDRESS - 1) / SigninBench.PAIRS_PER_ADDRESS;
    }

    @Override
    public void signin(int pair, String email, String password, boolean known) {
        var request = HttpRequest.newBuilder(signin)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(
                        WireJson.mapper().writeValueAsString(Map.of("email", email, "password", password))))
                .build();
        int status = send(clientFor(pair), request);
        if (status == RATE_LIMITED) {
            throw new IllegalStateException("signin answered 429: the bench's budget arithmetic no longer matches "
                    + "AccountRoutes.SIGNIN_PER_IP / SIGNIN_PER_EMAIL; update SigninBench");
        }
        if (status != (known ? OK : UNAUTHORIZED)) {
            throw new IllegalStateException("signin of a " + (known ? "known" : "unknown") + " email answered " + status);
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }

    /** The client for this pair's source address; the previous address's client is closed once its budget is spent. */
    private HttpClient clientFor(int pair) {
        int wanted = pair / SigninBench.PAIRS_PER_ADDRESS;
        if (wanted != address) {
            close();
            // HTTP/1.1 as a browser speaks it to FlyDex over plain HTTP; an h2c upgrade attempt would only add noise.
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .localAddress(loopback(FIRST_HOST + wanted))
                    .connectTimeout(TIMEOUT)
                    .build();
            address = wanted;
        }
        return http;
    }

    private static InetAddress loopback(int host) {
        if (host > 254) {
            throw new IllegalStateException("more sign-ins than 127.0.0.0/24 has source addresses for");
        }
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("signin over HTTP failed (can this machine use 127.0.0.x source addresses?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during signin", e);
        }
    }
}
