package net.flydex.helper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the CLI makes of whatever answers on the helper's port, a helper that never stops starting above all. */
class LocalHelperTest {
    private static final Duration SHORT_START = Duration.ofMillis(300);
    private static final String STARTING = "{\"status\":\"starting\",\"version\":\"9.9.9\",\"helper\":{\"state\":\"starting\"},"
            + "\"runtime\":{\"codex\":\"starting\"}}";
    private static final String OK = "{\"status\":\"ok\",\"version\":\"9.9.9\",\"helper\":{\"state\":\"running\"},"
            + "\"machine\":{\"paired\":false},\"bridge\":{\"state\":\"unpaired\"}}";

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A {@code /v1/health} answering {@code status} and {@code body} to each ask, after {@code startingAnswers} starting answers. */
    private int serve(int startingAnswers, int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var asked = new AtomicInteger();
        server.createContext("/v1/health", exchange -> {
            boolean starting = asked.getAndIncrement() < startingAnswers;
            byte[] answer = (starting ? STARTING : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(starting ? 503 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Test
    void aHelperThatKeepsSayingStartingIsAFlyDexHelperStillStarting() throws IOException {
        int port = serve(Integer.MAX_VALUE, 503, STARTING);

        LocalHelper.Probe probe = LocalHelper.probe(port, SHORT_START);

        assertThat(probe).isInstanceOf(LocalHelper.Probe.Starting.class);
        assertThat(((LocalHelper.Probe.Starting) probe).health().path("version").asString()).isEqualTo("9.9.9");
        String message = HelperRunner.portTakenMessage(port, probe);
        assertThat(message).contains("a FlyDex helper (version 9.9.9) is still starting on 127.0.0.1:" + port)
                .contains("flydex logs").doesNotContain("another program");
    }

    @Test
    void aHelperThatStartsWhileAskedIsRunning() throws IOException {
        int port = serve(3, 200, OK);

        assertThat(LocalHelper.probe(port, Duration.ofSeconds(30))).isInstanceOf(LocalHelper.Probe.Helper.class);
        assertThat(LocalHelper.health(port)).get().extracting(h -> h.path("status").asString()).isEqualTo("ok");
    }

    @Test
    void somethingElseOnThePortIsAnotherProgram() throws IOException {
        int port = serve(0, 200, "<html>not a helper</html>");

        LocalHelper.Probe probe = LocalHelper.probe(port, SHORT_START);

        assertThat(probe).isInstanceOf(LocalHelper.Probe.Foreign.class);
        assertThat(HelperRunner.portTakenMessage(port, probe)).contains("taken by another program");
        assertThat(LocalHelper.health(port)).isEmpty();
    }

    @Test
    void aStartingAnswerFromAnErrorStatusOtherThan503IsAnotherProgram() throws IOException {
        int port = serve(0, 500, STARTING);

        assertThat(LocalHelper.probe(port, SHORT_START)).isInstanceOf(LocalHelper.Probe.Foreign.class);
    }

    @Test
    void nothingListeningIsFree() throws IOException {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertThat(LocalHelper.probe(port, SHORT_START)).isInstanceOf(LocalHelper.Probe.Free.class);
        assertThat(LocalHelper.health(port)).isEmpty();
    }
}
