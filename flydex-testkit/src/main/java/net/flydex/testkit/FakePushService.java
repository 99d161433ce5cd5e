package net.flydex.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Web Push service on loopback (RFC 8030), strict where real ones are: it checks the VAPID JWT
 * (RFC 8292: ES256 signature with the {@code k} key, {@code aud} = this service's origin,
 * {@code exp} in the future and at most 24 h ahead, a {@code mailto:}/{@code https:} {@code sub}),
 * requires {@code TTL} and {@code Content-Encoding: aes128gcm}, refuses bodies over 4,096 bytes
 * with 413, and decrypts the body with the subscription's private key (RFC 8291) as the browser
 * would. It speaks HTTP/1.1 only (the JDK client would otherwise try {@code h2c}).
 *
 * <p>Use: {@link #start()}, {@link #prefix()} for the server's {@code --push-allow-endpoint},
 * {@link #newBrowser()} for each subscribing browser (its {@link PushBrowser#toJson()} is the
 * {@code POST /api/push/subscriptions} body), {@link PushBrowser#thenAnswer} to script 404, 410,
 * 413, 429 with {@code Retry-After}, 5xx, a redirect or a hang, and {@link PushBrowser#next} to read
 * what arrived. A valid send is answered 201 unless scripted otherwise.
 */
public final class FakePushService implements AutoCloseable {
    /** RFC 8291 §4: a push message is at most 4,096 octets once encrypted. */
    public static final int MAX_BODY = 4096;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    /** How the service answers one send. */
    public record Answer(int status, Optional<Duration> retryAfter, Optional<String> location, boolean hangs) {
        public static Answer status(int status) {
            return new Answer(status, Optional.empty(), Optional.empty(), false);
        }

        public static Answer tooManyRequests(Duration retryAfter) {
            return new Answer(429, Optional.of(retryAfter), Optional.empty(), false);
        }

        public static Answer redirectTo(String location) {
            return new Answer(307, Optional.empty(), Optional.of(location), false);
        }

        /** Never answers (until the service closes): what a stuck push service does. */
        public static Answer hanging() {
            return new Answer(0, Optional.empty(), Optional.empty(), true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, PushBrowser> browsers = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();
    private final java.util.List<byte[]> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

    private FakePushService(HttpServer server) {
        this.server = server;
    }

    public static FakePushService start() throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var service = new FakePushService(server);
        server.setExecutor(service.executor);
        server.createContext("/push/", service::handle);
        server.start();
        return service;
    }

    /** {@code http://127.0.0.1:<port>/push/}: what the control plane must trust ({@code --push-allow-endpoint}). */
    public String prefix() {
        return origin() + "/push/";
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new subscription, as a browser's {@code pushManager.subscribe()} would make. */
    public PushBrowser newBrowser() {
        String id = "s" + ids.incrementAndGet();
        var browser = new PushBrowser(id, prefix() + id);
        browsers.put(id, browser);
        return browser;
    }

    /** Every POST received so far, on any subscription (also unknown ones). */
    public int received() {
        return received.get();
    }

    /** The body of every POST received so far, as it arrived (encrypted for its browser). */
    public java.util.List<byte[]> bodies() {
        return java.util.List.copyOf(bodies);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.incrementAndGet();
            byte[] body = readBounded(exchange.getRequestBody());
            bodies.add(body);
            long at = System.nanoTime();
            java.time.Instant wall = java.time.Instant.now();
            PushBrowser browser = browsers.get(exchange.getRequestURI().getPath().substring("/push/".length()));
            if (browser == null || !"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            // A real service knows its own endpoints first: an unsubscribed one is 410 whatever was sent.
            Optional<String> problem = browser.gone ? Optional.empty() : problem(exchange, body);
            Optional<JsonNode> payload = Optional.empty();
            if (problem.isEmpty() && !browser.gone) {
                try {
                    payload = Optional.of(JSON.readTree(browser.decrypt(body)));
                } catch (GeneralSecurityException | RuntimeException e) {
                    problem = Optional.of("payload does not decrypt: " + e.getMessage());
                }
            }
            Answer answer = problem.map(p -> Answer.status(body.length > MAX_BODY ? 413 : p.startsWith("VAPID") ? 403 : 400))
                    .orElseGet(() -> browser.gone ? Answer.status(410) : Optional.ofNullable(browser.answers.poll()).orElse(Answer.status(201)));
            var headers = exchange.getRequestHeaders();
            VapidClaims vapid = vapid(exchange.getRequestHeaders().getFirst("Authorization")).orElse(VapidClaims.NONE);
            browser.deliveries.add(new PushDelivery(answer.status(), problem, payload, Optional.ofNullable(headers.getFirst("TTL")),
                    Optional.ofNullable(headers.getFirst("Urgency")), Optional.ofNullable(headers.getFirst("Topic")), vapid.audience(),
                    vapid.subject(), vapid.expiresInSeconds(), body.length, at, wall));
            if (answer.hangs()) {
                closed.await();
                return;
            }
            answer.retryAfter().ifPresent(wait -> exchange.getResponseHeaders().add("Retry-After", Long.toString(wait.toSeconds())));
            answer.location().ifPresent(location -> exchange.getResponseHeaders().add("Location", location));
            if (answer.status() == 201) {
                exchange.getResponseHeaders().add("Location", origin() + "/message/" + browser.id + "-" + at);
            }
            exchange.sendResponseHeaders(answer.status(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a real push service would refuse the request for, if anything. */
    private Optional<String> problem(HttpExchange exchange, byte[] body) {
        var headers = exchange.getRequestHeaders();
        if (body.length > MAX_BODY) {
            return Optional.of("body of " + body.length + " bytes is over " + MAX_BODY);
        }
        if (headers.getFirst("TTL") == null || !headers.getFirst("TTL").matches("\\d{1,10}")) {
            return Optional.of("TTL header missing or not a number");
        }
        if (!"aes128gcm".equals(headers.getFirst("Content-Encoding"))) {
            return Optional.of("Content-Encoding is not aes128gcm");
        }
        String topic = headers.getFirst("Topic");
        if (topic != null && !topic.matches("[A-Za-z0-9_-]{1,32}")) {
            return Optional.of("Topic is not at most 32 base64url characters");
        }
        return VapidCheck.problem(headers.getFirst("Authorization"), origin(), Optional.empty());
    }

    private record VapidClaims(Optional<String> audience, Optional<String> subject, long expiresInSeconds) {
        static final VapidClaims NONE = new VapidClaims(Optional.empty(), Optional.empty(), 0);
    }

    private static Optional<VapidClaims> vapid(String authorization) {
        try {
            String token = authorization.split("t=", 2)[1].split(",", 2)[0].strip();
            JsonNode claims = JSON.readTree(B64URL.decode(token.split("\\.")[1]));
            return Optional.of(new VapidClaims(Optional.of(claims.path("aud").asString("")), Optional.of(claims.path("sub").asString("")),
                    claims.path("exp").asLong(0) - System.currentTimeMillis() / 1000));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY * 4);
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return bytes;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
