package net.flydex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.CodexHome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The baseline: a separately spawned {@code codex app-server}, one JSON line written to its stdin
 * per request and its stdout read on the calling thread until the matching response. Nothing sits
 * between the caller and the pipe, so the difference to {@link BridgeClient} is what the bridge adds.
 * It encodes and parses with the same Jackson mapper as the bridge, so JSON itself is not counted
 * as bridge overhead. One caller at a time, as the bench uses it.
 */
final class DirectClient implements AppServerClient {
    /** A hung call is noticed within this; checking this rarely costs nothing on the timed path. */
    private static final Duration WATCH_PERIOD = Duration.ofSeconds(1);
    /** Closing stdin makes app-server exit at once; this only bounds a misbehaving one. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final OutputStream stdin;
    private final BufferedReader stdout;
    private final Duration callTimeout;
    private long nextId = 1;
    /** Set while a call waits; the watchdog kills the process once it passes, which ends the blocked read. */
    private volatile long deadline;
    private volatile boolean waiting;

    private DirectClient(Process process, Duration callTimeout) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.callTimeout = callTimeout;
    }

    /** Spawns {@code codex app-server} on its own home and completes the initialize handshake. */
    static DirectClient start(Path codex, CodexHome home, Duration callTimeout) {
        var builder = new ProcessBuilder(List.of(codex.toString(), "app-server"));
        builder.environment().putAll(home.env());
        DirectClient client;
        try {
            client = new DirectClient(builder.start(), callTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + codex, e);
        }
        client.startBackgroundThreads();
        try {
            client.handshake();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    @Override
    public JsonNode call(String method, JsonNode params) {
        long id = nextId++;
        ObjectNode request = WireJson.mapper().createObjectNode().put("id", id).put("method", method);
        request.set("params", params);
        deadline = System.nanoTime() + callTimeout.toNanos();
        waiting = true;
        try {
            send(request);
            JsonNode response = awaitResponse(id, method);
            JsonNode error = response.get("error");
            if (error != null && !error.isNull()) {
                throw new IllegalStateException("codex " + method + " failed: " + error.path("message").asString(""));
            }
            return response.path("result");
        } finally {
            waiting = false;
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
            if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (IOException alreadyGone) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void handshake() {
        ObjectNode init = WireJson.mapper().createObjectNode();
        init.putObject("clientInfo").put("name", "bench").put("version", "0");
        init.putObject("capabilities").put("experimentalApi", true);
        call("initialize", init);
        send(WireJson.mapper().createObjectNode().put("method", "initialized"));
    }

    /** Notifications and server requests are skipped: thread/list neither causes nor needs them. */
    private JsonNode awaitResponse(long id, String method) {
        try {
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                JsonNode message = WireJson.mapper().readTree(line);
                if (!message.has("method") && message.path("id").asLong(-1) == id) {
                    return message;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading codex " + method, e);
        }
        throw new IllegalStateException("codex app-server closed its output during " + method
                + (process.isAlive() ? "" : " (killed after " + callTimeout + " without an answer, or crashed)"));
    }

    private void send(ObjectNode message) {
        try {
            stdin.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to codex app-server", e);
        }
    }

    /**
     * Drains stderr the way the bridge does, so both sides pay the same for Codex's logs, and
     * watches for hung calls (a pipe read cannot time out by itself).
     */
    private void startBackgroundThreads() {
        Thread.ofVirtual().name("direct-codex-stderr").start(() -> discard(process.getErrorStream()));
        Thread.ofVirtual().name("direct-codex-watchdog").start(() -> {
            while (!hasExitedWithin(WATCH_PERIOD)) {
                if (waiting && System.nanoTime() - deadline > 0) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        });
    }

    private boolean hasExitedWithin(Duration period) {
        try {
            return process.waitFor(period.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void discard(InputStream stderr) {
        try (stderr) {
            stderr.transferTo(OutputStream.nullOutputStream());
        } catch (IOException processGone) {
            // Nothing left to drain.
        }
    }
}
