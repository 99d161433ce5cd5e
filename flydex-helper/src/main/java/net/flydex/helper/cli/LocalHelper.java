package net.flydex.helper.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.flydex.helper.state.ControlFile;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/** What listens on a helper port, and stopping the helper that does (the CLI's side of the local API). */
final class LocalHelper {
    /** A local answer takes milliseconds; a program that accepts and never answers is not a FlyDex helper. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);
    /** A helper answers "starting" for a few hundred milliseconds (seconds on a busy machine); longer, it is stuck. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STARTING_RECHECK = Duration.ofMillis(50);
    /** Closing Codex and the link takes a second or two; a helper still there after this is stuck. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** What is on the port. */
    sealed interface Probe {
        /** A FlyDex helper, with its {@code /v1/health}. */
        record Helper(JsonNode health) implements Probe {}

        /**
         * A FlyDex helper that still answers {@code 503 "starting"} (docs/api.md) after {@link
         * #START_TIMEOUT}: stuck, but ours - only a helper answers that way - so never "another program".
         */
        record Starting(JsonNode health) implements Probe {}

        /** Something that is not a FlyDex helper. */
        record Foreign() implements Probe {}

        /** Nothing listens. */
        record Free() implements Probe {}
    }

    private LocalHelper() {}

    static Probe probe(int port) {
        return probe(port, START_TIMEOUT);
    }

    static Probe probe(int port, Duration startTimeout) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) ANSWER_TIMEOUT.toMillis());
        } catch (IOException refused) {
            return new Probe.Free();
        }
        return answer(port, startTimeout);
    }

    /**
     * The health of a FlyDex helper on the port that has started; empty when nothing there answers
     * like one, or a helper is still starting after {@link #START_TIMEOUT}.
     */
    static Optional<JsonNode> health(int port) {
        return answer(port, START_TIMEOUT) instanceof Probe.Helper helper ? Optional.of(helper.health()) : Optional.empty();
    }

    /**
     * Who answers {@code /v1/health} on the port. A helper that is still starting ({@code 503
     * "starting"}, docs/api.md) is asked again until it has started, as its port held the request
     * before it answered early; one still starting after {@code startTimeout} is {@link Probe.Starting}.
     */
    private static Probe answer(int port, Duration startTimeout) {
        Instant deadline = Instant.now().plus(startTimeout);
        try (var http = HttpClient.newBuilder().connectTimeout(ANSWER_TIMEOUT).build()) {
            while (true) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base(port).resolve("/v1/health"))
                        .timeout(ANSWER_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode health = WireJson.mapper().readTree(answer.body());
                boolean starting = answer.statusCode() == 503 && health.path("status").asString("").equals("starting");
                if (starting && Instant.now().isAfter(deadline)) {
                    return new Probe.Starting(health);
                }
                if (!starting) {
                    boolean flydex = answer.statusCode() == 200 && health.path("status").asString("").equals("ok")
                            && health.has("helper") && health.has("machine");
                    return flydex ? new Probe.Helper(health) : new Probe.Foreign();
                }
                Thread.sleep(STARTING_RECHECK);
            }
        } catch (IOException | RuntimeException notAHelper) {
            return new Probe.Foreign();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe.Foreign();
        }
    }

    /** Asks the helper of this control file to stop and waits until its process is gone; false if it would not. */
    static boolean stop(ControlFile control) throws IOException {
        try (var http = HttpClient.newBuilder().connectTimeout(ANSWER_TIMEOUT).build()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base(control.port()).resolve("/v1/stop"))
                    .timeout(ANSWER_TIMEOUT).header("Authorization", "Bearer " + control.secret())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IOException("the helper refused to stop (HTTP " + answer.statusCode() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            boolean processGone = ProcessHandle.of(control.pid()).map(p -> !p.isAlive()).orElse(true);
            if (processGone && probe(control.port()) instanceof Probe.Free) {
                return true;
            }
            sleep(Duration.ofMillis(100));
        }
        return false;
    }

    static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static URI base(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }
}
