package net.flydex.helper.localapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.protocol.BridgeState;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.Health;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.MutableClock;
import tools.jackson.databind.JsonNode;

/** A running local API on a free port with a recording connect handler, and a client for it. */
final class LocalApiFixture implements AutoCloseable {
    static final String WEB_ORIGIN = "https://app.flydex.net";
    static final String GOOD_CONNECT_BODY = """
            {"server":"https://app.flydex.net","localConnectId":"lc_123","connectToken":"tok_secret"}""";
    static final Health HEALTH = new Health("ok", "0.1.0",
            new Health.Helper("running"),
            new Health.Bridge(BridgeState.UNPAIRED),
            new Health.Runtime(CodexStatus.READY, Optional.of("0.169.0"), Optional.of("private"), Optional.empty()),
            new Health.Machine(false, "desk", "linux", Optional.empty()));

    static final String STOP_SECRET = "stop-secret-for-tests-0123456789abcdef";

    final RecordingConnectHandler connect;
    final java.util.concurrent.atomic.AtomicInteger stops = new java.util.concurrent.atomic.AtomicInteger();
    /** Devices revoked through the local API, as the relay would be told. */
    final List<String> revoked = new CopyOnWriteArrayList<>();
    final Path stateDir;
    /** The helper's clock for offers and introductions, moved by hand: an offer expires without waiting its lifetime. */
    final MutableClock clock = MutableClock.startingNow();
    final HelperE2e e2e;
    final LocalApiServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private LocalApiFixture(RecordingConnectHandler connect, ConnectionTimes times) throws IOException {
        this.connect = connect;
        this.stateDir = Files.createTempDirectory("flydex-localapi");
        this.e2e = HelperE2e.open(stateDir, clock);
        this.server = new LocalApiServer(0, times, Set.of(WEB_ORIGIN), () -> HEALTH, connect, new LocalControl(STOP_SECRET, stops::incrementAndGet),
                LocalE2e.of(() -> e2e, revoked::add));
        server.start();
    }

    static LocalApiFixture start() throws IOException {
        return start(ConnectionTimes.DEFAULT);
    }

    /** With short deadlines, for the tests of slow clients and idle connections. */
    static LocalApiFixture start(ConnectionTimes times) throws IOException {
        return new LocalApiFixture(RecordingConnectHandler.accepting(), times);
    }

    static LocalApiFixture start(ConnectHandler answer) throws IOException {
        return new LocalApiFixture(new RecordingConnectHandler(answer), ConnectionTimes.DEFAULT);
    }

    int port() {
        return server.port();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path));
    }

    /** A connect request as the web page sends it, before any test spoils one part. */
    HttpRequest.Builder connectRequest(String body) {
        return request("/v1/connect")
                .header("Content-Type", "application/json")
                .header("X-FlyDex-Client", "web")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String body) {
        return WireJson.mapper().readTree(body);
    }

    static String errorCode(HttpResponse<String> response) {
        return json(response.body()).path("error").path("code").asString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        client.close();
        try (var files = Files.walk(stateDir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
