package net.flydex.helper.localapi;

import static net.flydex.helper.localapi.LocalApiFixture.GOOD_CONNECT_BODY;
import static net.flydex.helper.localapi.LocalApiFixture.WEB_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The local API's HTTP/1.1 on the wire: what a broken, oversized, slow or reused connection gets.
 * Every unreadable request is answered with a JSON error and the connection is closed, and no route
 * runs for it.
 */
class LocalApiWireTest {
    /** Short deadlines, so the slow-client tests take a second each. */
    private static final ConnectionTimes SHORT = new ConnectionTimes(Duration.ofMillis(600), Duration.ofMillis(600), Duration.ofMillis(600));
    /** Well past SHORT's deadlines, well before any test timeout. */
    private static final Duration PAST_DEADLINE = Duration.ofSeconds(3);

    @AutoClose
    private final LocalApiFixture api;

    LocalApiWireTest() throws IOException {
        api = LocalApiFixture.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GARBAGE", "GET /v1/health", "GET  /v1/health HTTP/1.1", "GET /v1/health  HTTP/1.1",
        "GET /v1/he alth HTTP/1.1", "GET http://127.0.0.1/v1/health HTTP/1.1", "GET * HTTP/1.1", "GET //evil.com/v1/health HTTP/1.1",
        "GET /v1/%zz HTTP/1.1", "GET /v1/health#x HTTP/1.1", "G(T /v1/health HTTP/1.1", "GETTINGVERYLONGMETHOD /v1/health HTTP/1.1",
        " GET /v1/health HTTP/1.1", "GET /v1/health HTTP/1.1 "})
    void refusesMalformedRequestLinesWith400AndCloses(String requestLine) throws IOException {
        assertRefusedAndClosed(requestLine + "\r\nHost: " + host() + "\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "http/1.1"})
    void refusesOtherHttpVersionsWith505(String version) throws IOException {
        assertRefusedAndClosed("GET /v1/health " + version + "\r\nHost: " + host() + "\r\n\r\n", 505);
    }

    @ParameterizedTest
    @ValueSource(strings = {" folded: continuation", "Bad Name: x", "Space : before-colon", "NoColonAtAll", ": empty-name",
        "X-Control: a\u0001b", "X-Delete: a\u007fb", "X-Cr: a\rb"})
    void refusesMalformedHeaderLinesWith400(String headerLine) throws IOException {
        assertRefusedAndClosed("GET /v1/health HTTP/1.1\r\nHost: " + host() + "\r\n" + headerLine + "\r\n\r\n", 400);
    }

    @Test
    void refusesAnOversizedHeadWith431() throws IOException {
        String big = "X-Big: " + "a".repeat(RequestHead.MAX_HEAD_BYTES) + "\r\n";
        assertRefusedAndClosed("GET /v1/health HTTP/1.1\r\nHost: " + host() + "\r\n" + big + "\r\n", 431);
    }

    @Test
    void refusesTooManyHeaderLinesWith431() throws IOException {
        String many = "X-A: b\r\n".repeat(RequestHead.MAX_HEADER_LINES);
        assertRefusedAndClosed("GET /v1/health HTTP/1.1\r\nHost: " + host() + "\r\n" + many + "\r\n", 431);
    }

    @Test
    void refusesABodyLargerThanTheLimitBeforeReadingIt() throws IOException {
        assertRefusedAndClosed(connectHead("Content-Length: " + (RequestHead.MAX_BODY_BYTES + 1)), 413);
        assertRefusedAndClosed(connectHead("Content-Length: 9999999999999999999"), 400);
        assertThat(api.connect.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: abc", "Content-Length: -1", "Content-Length: +5", "Content-Length: 5, 5",
        "Content-Length: 5\r\nContent-Length: 5", "Content-Length: 5\r\nContent-Length: 6", "Content-Length: 0x10"})
    void refusesBadContentLengthsWith400(String lengthLines) throws IOException {
        assertRefusedAndClosed(connectHead(lengthLines), 400);
        assertThat(api.connect.requests()).isEmpty();
    }

    @Test
    void refusesChunkedBodiesWith411AndRunsNoRoute() throws IOException {
        String chunked = GOOD_CONNECT_BODY.length() + "\r\n" + GOOD_CONNECT_BODY + "\r\n0\r\n\r\n";
        assertRefusedAndClosed(connectHead("Transfer-Encoding: chunked") + chunked, 411);
        assertRefusedAndClosed(connectHead("Transfer-Encoding: chunked\r\nContent-Length: " + GOOD_CONNECT_BODY.length()) + chunked, 411);
        assertThat(api.connect.requests()).isEmpty();
    }

    @Test
    void answersSeveralRequestsOnOneConnection() throws IOException {
        try (var client = WireClient.open(api.port())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response health = client.write(healthRequest()).read();
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.header("Connection")).isEmpty();
            }
            RawHttp.Response connect = client.write(connectHead("Content-Length: " + GOOD_CONNECT_BODY.length()) + GOOD_CONNECT_BODY).read();
            assertThat(connect.status()).isEqualTo(202);
            assertThat(client.write(healthRequest()).read().status()).isEqualTo(200);
        }
        assertThat(api.connect.requests()).hasSize(1);
    }

    @Test
    void answersPipelinedRequestsInOrder() throws IOException {
        try (var client = WireClient.open(api.port())) {
            client.write(healthRequest() + "OPTIONS /v1/connect HTTP/1.1\r\nHost: " + host() + "\r\n\r\n" + healthRequest());

            assertThat(List.of(client.read().status(), client.read().status(), client.read().status())).containsExactly(200, 204, 200);
        }
    }

    @Test
    void closesAfterAnErrorAnswerEvenWithMoreRequestsSent() throws IOException {
        // Every error answer closes (Reply.error): a refused request's body may be left unread.
        try (var client = WireClient.open(api.port())) {
            client.write("GET /v1/nothing HTTP/1.1\r\nHost: " + host() + "\r\n\r\n" + healthRequest());

            assertThat(client.read().status()).isEqualTo(404);
            assertThat(client.closedWithin(PAST_DEADLINE)).isTrue();
        }
    }

    @Test
    void closesAfterAnAnswerWhenTheClientAsks() throws IOException {
        try (var client = WireClient.open(api.port())) {
            RawHttp.Response response = client.write("GET /v1/health HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).containsExactly("close");
            assertThat(client.closedWithin(PAST_DEADLINE)).isTrue();
        }
    }

    @Test
    void closesAnHttp10ConnectionAfterOneAnswer() throws IOException {
        try (var client = WireClient.open(api.port())) {
            assertThat(client.write("GET /v1/health HTTP/1.0\r\nHost: " + host() + "\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(client.closedWithin(PAST_DEADLINE)).isTrue();
        }
    }

    @Test
    void closesAfterARefusedRequestWhoseBodyWasNotRead() throws IOException {
        try (var client = WireClient.open(api.port())) {
            String foreign = "POST /v1/connect HTTP/1.1\r\nHost: " + host() + "\r\nOrigin: https://evil.com\r\nContent-Type: application/json\r\n"
                    + "X-FlyDex-Client: web\r\nContent-Length: " + GOOD_CONNECT_BODY.length() + "\r\n\r\n" + GOOD_CONNECT_BODY;
            RawHttp.Response response = client.write(foreign).read();

            assertThat(response.status()).isEqualTo(403);
            assertThat(client.closedWithin(PAST_DEADLINE)).isTrue();
        }
        assertThat(api.connect.requests()).isEmpty();
    }

    @Test
    void sendsContinueOnlyWhenTheRouteReadsTheBody() throws IOException {
        try (var client = WireClient.open(api.port())) {
            client.write(connectHead("Content-Length: " + GOOD_CONNECT_BODY.length() + "\r\nExpect: 100-continue"));
            assertThat(client.read().status()).isEqualTo(100);
            assertThat(client.write(GOOD_CONNECT_BODY).read().status()).isEqualTo(202);
        }
        try (var client = WireClient.open(api.port())) {
            String refused = "POST /v1/connect HTTP/1.1\r\nHost: " + host() + "\r\nOrigin: https://evil.com\r\nContent-Length: 10\r\n"
                    + "Expect: 100-continue\r\n\r\n";
            assertThat(client.write(refused).read().status()).isEqualTo(403);
        }
        assertThat(api.connect.requests()).hasSize(1);
    }

    @Test
    void answersEveryErrorAsJsonWithTheGuardHeaders() throws IOException {
        try (var client = WireClient.open(api.port())) {
            RawHttp.Response response = client.write("NONSENSE\r\n\r\n").read();

            assertThat(response.header("Content-Type")).containsExactly("application/json");
            assertThat(response.header("Cache-Control")).containsExactly("no-store");
            assertThat(response.header("X-Content-Type-Options")).containsExactly("nosniff");
            assertThat(LocalApiFixture.json(response.body()).path("error").path("code").asString()).isEqualTo("bad_request");
        }
    }

    @Test
    void cutsOffASlowlorisHead() throws Exception {
        try (var slow = LocalApiFixture.start(SHORT); var client = WireClient.open(slow.port())) {
            client.write("GET /v1/health HTTP/1.1\r\n");
            long start = System.nanoTime();
            boolean closed = false;
            // One header byte every 100 ms: each read is quick, the head never ends.
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    client.write("X");
                } catch (IOException reset) {
                    closed = true;
                }
                closed = closed || client.closedWithin(Duration.ofMillis(100));
            }
            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PAST_DEADLINE);
        }
    }

    @Test
    void closesAConnectionThatSendsNothing() throws IOException {
        try (var slow = LocalApiFixture.start(SHORT); var client = WireClient.open(slow.port())) {
            assertThat(client.closedWithin(PAST_DEADLINE)).isTrue();
        }
    }

    @Test
    void closesAKeptAliveConnectionOnceIdle() throws IOException {
        try (var slow = LocalApiFixture.start(SHORT); var client = WireClient.open(slow.port())) {
            assertThat(client.write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + slow.port() + "\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(client.closedWithin(PAST_DEADLINE)).isTrue();
        }
    }

    @Test
    void cutsOffABodyThatNeverArrivesAndRunsNoRoute() throws IOException {
        try (var slow = LocalApiFixture.start(SHORT); var client = WireClient.open(slow.port())) {
            String head = "POST /v1/connect HTTP/1.1\r\nHost: 127.0.0.1:" + slow.port() + "\r\nContent-Type: application/json\r\n"
                    + "X-FlyDex-Client: web\r\nContent-Length: " + GOOD_CONNECT_BODY.length() + "\r\n\r\n";
            client.write(head + GOOD_CONNECT_BODY.substring(0, 10));

            assertThat(client.closedWithin(PAST_DEADLINE)).isTrue();
            assertThat(slow.connect.requests()).isEmpty();
        }
    }

    @Test
    void closesConnectionsOverTheLimitAndServesAgainAfter() throws IOException {
        List<WireClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < LocalApiServer.MAX_CONNECTIONS; i++) {
                WireClient client = WireClient.open(api.port());
                held.add(client);
                assertThat(client.write(healthRequest()).read().status()).isEqualTo(200);
            }
            try (var extra = WireClient.open(api.port())) {
                assertThat(extra.closedWithin(PAST_DEADLINE)).isTrue();
            }
        } finally {
            for (WireClient client : held) {
                client.close();
            }
        }
        await(() -> {
            try (var client = WireClient.open(api.port())) {
                return client.write(healthRequest()).read().status() == 200;
            } catch (IOException refusedYet) {
                return false;
            }
        });
    }

    @Test
    void closingTheServerClosesOpenConnections() throws IOException {
        try (var own = LocalApiFixture.start(); var client = WireClient.open(own.port())) {
            assertThat(client.write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + own.port() + "\r\n\r\n").read().status()).isEqualTo(200);
            own.server.close();
            assertThat(client.closedWithin(PAST_DEADLINE)).isTrue();
        }
    }

    @Test
    void acceptsUtf8BytesInAHeaderValueWithoutMisreadingThem() throws IOException {
        try (var client = WireClient.open(api.port())) {
            client.write("GET /v1/health HTTP/1.1\r\nHost: " + host() + "\r\nX-Name: "
                    + new String("café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + "\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
        }
    }

    @Test
    void corsStillAnswersAPreflightOnTheWire() throws IOException {
        try (var client = WireClient.open(api.port())) {
            RawHttp.Response response = client.write("OPTIONS /v1/connect HTTP/1.1\r\nHost: " + host() + "\r\nOrigin: " + WEB_ORIGIN
                    + "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Private-Network: true\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(204);
            assertThat(response.header("Content-Length")).isEmpty();
            assertThat(response.header("Access-Control-Allow-Private-Network")).containsExactly("true");
            assertThat(client.write(healthRequest()).read().status()).isEqualTo(200);
        }
    }

    private void assertRefusedAndClosed(String request, int status) throws IOException {
        try (var client = WireClient.open(api.port())) {
            RawHttp.Response response = client.write(request).read();

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("Connection")).containsExactly("close");
            assertThat(LocalApiFixture.json(response.body()).path("error").path("code").asString()).isEqualTo("bad_request");
            assertThat(client.closedWithin(PAST_DEADLINE)).isTrue();
        }
    }

    private String connectHead(String lengthLines) {
        return "POST /v1/connect HTTP/1.1\r\nHost: " + host() + "\r\nContent-Type: application/json\r\nX-FlyDex-Client: web\r\n"
                + lengthLines + "\r\n\r\n";
    }

    private String healthRequest() {
        return "GET /v1/health HTTP/1.1\r\nHost: " + host() + "\r\n\r\n";
    }

    private String host() {
        return "127.0.0.1:" + api.port();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(PAST_DEADLINE).until(condition::getAsBoolean);
    }
}
