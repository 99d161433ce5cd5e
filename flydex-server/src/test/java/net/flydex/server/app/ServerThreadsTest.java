package net.flydex.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import org.junit.jupiter.api.Test;

/**
 * A node's threads never keep a JVM alive on their own: whoever started the node does (`serve`
 * waits for its stop), so a test or a bench that embeds one ends when its main ends.
 */
class ServerThreadsTest {

    @Test
    void thePoolAndThePingThreadASocketStartsAreDaemonThreads() throws Exception {
        try (var harness = ServerHarness.sqlite(); var client = HttpClient.newHttpClient()) {
            WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + harness.server.port() + "/ws/agent"), new WebSocket.Listener() { })
                    .join();
            try {
                var serving = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("flydex-http") || t.getName().startsWith("JavalinWebSocketPingThread"))
                        .toList();
                assertThat(serving).extracting(Thread::getName).anyMatch(name -> name.startsWith("JavalinWebSocketPingThread"));
                assertThat(serving).allMatch(Thread::isDaemon, "a daemon thread");
            } finally {
                socket.abort();
            }
        }
    }
}
