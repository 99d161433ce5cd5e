package net.flydex.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A WebSocket upgrade must not leave a servlet session (and its cookie) behind for anyone who asks. */
class NoServletSessionsTest {

    @Test
    void anUpgradeSetsNoSessionCookie() throws Exception {
        try (var harness = ServerHarness.sqlite(); var socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.getOutputStream().write(("GET /ws/agent HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(head).doesNotContainIgnoringCase("JSESSIONID").doesNotContainIgnoringCase("Set-Cookie");
        }
    }

    private static String readHead(InputStream in) throws Exception {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
