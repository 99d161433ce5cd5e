package net.flydex.server.relay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.AgentSocketClient;
import net.flydex.testkit.ApiClient;

/** Opens {@code /ws/client} as a test's browser: its cookie jar, FlyDex's Origin, or whatever headers a case needs. */
final class BrowserSockets {
    private BrowserSockets() {}

    /** A signed-in browser's socket: its session cookie and FlyDex's own Origin, as a real browser sends them. */
    static AgentSocketClient open(ServerHarness harness, ApiClient browser) {
        return open(harness, browser, Map.of("Origin", ServerHarness.PUBLIC_URL));
    }

    static AgentSocketClient open(ServerHarness harness, ApiClient browser, Map<String, String> headers) {
        WebSocket.Builder builder = HttpClient.newBuilder().cookieHandler(browser.cookies()).build().newWebSocketBuilder();
        headers.forEach(builder::header);
        return AgentSocketClient.open(uri(harness), builder);
    }

    /** The HTTP status of a refused upgrade; fails the test when the socket opens. */
    static int refusal(ServerHarness harness, ApiClient browser, Map<String, String> headers) {
        try (AgentSocketClient opened = open(harness, browser, headers)) {
            throw new AssertionError("the upgrade was accepted with " + headers.keySet());
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static URI uri(ServerHarness harness) {
        return URI.create("ws://" + harness.url().getAuthority() + ClientEndpoint.PATH);
    }
}
