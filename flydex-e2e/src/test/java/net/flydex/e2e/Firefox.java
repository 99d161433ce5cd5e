package net.flydex.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

/**
 * Debian's Firefox ESR, headless, as a separate process with a profile prepared for the test
 * ({@code user.js}), steered over WebDriver BiDi, which Firefox has built in (Playwright drives
 * only its own patched Firefox, which cannot be downloaded here). Under {@code CI=true} a missing
 * Firefox fails the test.
 */
final class Firefox implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/firefox-esr");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket socket;
    private final Replies replies;
    private final AtomicInteger ids = new AtomicInteger();
    private final String context;

    private Firefox(Process process, WebSocket socket, Replies replies) throws Exception {
        this.process = process;
        this.socket = socket;
        this.replies = replies;
        command("session.new", Map.of("capabilities", Map.of("alwaysMatch", Map.of("acceptInsecureCerts", true))));
        this.context = command("browsingContext.getTree", Map.of()).path("contexts").get(0).path("context").asString();
    }

    /** Starts Firefox with a fresh profile in {@code profile} holding these preferences. */
    static Firefox launch(Path profile, Map<String, Object> prefs) throws Exception {
        if (!Files.isExecutable(EXECUTABLE)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(EXECUTABLE + " is missing: install Debian's firefox-esr (.ci/run does)");
            }
            Assumptions.abort(EXECUTABLE + " is missing: apt-get install -y firefox-esr");
        }
        Files.createDirectories(profile);
        Files.writeString(profile.resolve("user.js"), prefs.entrySet().stream()
                .map(p -> "user_pref(" + json(p.getKey()) + ", " + json(p.getValue()) + ");").collect(Collectors.joining("\n", "", "\n")));
        int port = ControlPlane.freePort();
        Process process = new ProcessBuilder(List.of(EXECUTABLE.toString(), "--headless", "--no-remote", "--profile", profile.toString(),
                "--remote-debugging-port", Integer.toString(port), "--remote-allow-hosts", "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(Path.of("target", "firefox.log").toFile()).start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            var replies = new Replies();
            try {
                WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/session"), replies).get(5, TimeUnit.SECONDS);
                return new Firefox(process, socket, replies);
            } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new AssertionError("Firefox's remote agent did not come up on port " + port, e);
                }
                Thread.sleep(250);
            }
        }
    }

    private static String json(Object value) {
        return WireJson.mapper().writeValueAsString(value);
    }

    /** Sends one BiDi command and answers its result (failing the test on a BiDi error). */
    JsonNode command(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        var answer = new CompletableFuture<JsonNode>();
        replies.waiting.put(id, answer);
        socket.sendText(json(Map.of("id", id, "method", method, "params", params)), true).get();
        JsonNode reply = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + ": " + reply.path("error").asString() + " " + reply.path("message").asString());
        }
        return reply.path("result");
    }

    void navigate(String url) throws Exception {
        command("browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
    }

    /**
     * Runs {@code expression} (may await) in the page as if from a tap (user activation), and
     * answers its value through JSON.
     */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = command("script.evaluate", Map.of("expression",
                "(async () => JSON.stringify((await (" + expression + ")) ?? null))()", "target", Map.of("context", context),
                "awaitPromise", true, "userActivation", true));
        if (!"success".equals(result.path("type").asString())) {
            throw new AssertionError("in Firefox: " + result.path("exceptionDetails").path("text").asString() + " for " + expression);
        }
        return WireJson.mapper().readTree(result.path("result").path("value").asString());
    }

    /** Collects the socket's text frames into messages and hands each reply to the command waiting for it. */
    private static final class Replies implements WebSocket.Listener {
        final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode message = WireJson.mapper().readTree(text.toString());
                text.setLength(0);
                var command = message.has("id") ? waiting.remove(message.path("id").asInt()) : null;
                if (command != null) {
                    command.complete(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
