package net.flydex.helper.diagnostics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.flydex.helper.HelperVersion;
import net.flydex.helper.logs.LogFiles;
import net.flydex.helper.platform.PlatformPaths;
import net.flydex.helper.service.ServiceManager;
import net.flydex.helper.state.HelperState;
import tools.jackson.databind.JsonNode;

/**
 * {@code flydex doctor}'s report: versions, OS, the state directory, the running helper's view of
 * the control plane and Codex, the login service, whether the server answers, and the latest
 * warnings from the log. The whole text goes through the {@link Redactor} last, so nothing it
 * quotes (log lines, Codex messages) can carry a secret out.
 */
public final class DoctorReport {
    /** Enough recent problems to see a pattern, few enough to read. */
    static final int RECENT_PROBLEMS = 20;
    private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(5);

    /**
     * @param health the running helper's {@code /v1/health}, empty when none answers
     * @param launcher how the person ran flydex ({@code npx flydex} or {@code flydex})
     */
    public record Inputs(Path stateDir, int port, URI server, Optional<JsonNode> health, ServiceManager.Status service,
            String launcher) {}

    private final Redactor redactor;

    public DoctorReport(Redactor redactor) {
        this.redactor = redactor;
    }

    public String render(Inputs in) {
        var report = new StringBuilder();
        line(report, "FlyDex doctor report, " + Instant.now() + " (tokens, keys, emails and content are redacted)");
        line(report, "flydex:        " + HelperVersion.get() + " via " + in.launcher());
        line(report, "java:          " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home") + bundled());
        line(report, "os:            " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        line(report, "state dir:     " + in.stateDir());
        line(report, "machine:       " + machine(in.stateDir()));
        line(report, "helper:        " + in.health().map(h -> "running on 127.0.0.1:" + in.port() + ", version "
                + h.path("version").asString("?") + ", " + h.path("helper").path("state").asString("?"))
                .orElse("not answering on 127.0.0.1:" + in.port()));
        in.health().ifPresent(h -> {
            JsonNode runtime = h.path("runtime");
            line(report, "control plane: " + h.path("bridge").path("state").asString("?"));
            line(report, "codex:         " + runtime.path("codex").asString("?") + " " + runtime.path("codexVersion").asString("")
                    + ", mode " + runtime.path("codexMode").asString("?") + " " + runtime.path("message").asString(""));
        });
        line(report, "service:       " + (in.service().installed() ? "installed" : "not installed")
                + (in.service().active() ? ", running" : ", not running") + "; " + in.service().managerSays());
        line(report, "server:        " + in.server() + " " + serverAnswer(in.server()));
        line(report, "recent problems (last " + RECENT_PROBLEMS + " warnings and errors):");
        problems(in.stateDir()).forEach(problem -> line(report, "  " + problem));
        return redactor.redact(report.toString());
    }

    private static String bundled() {
        return Optional.ofNullable(System.getenv("FLYDEX_BUNDLED_RUNTIME")).filter(s -> !s.isBlank())
                .map(s -> ", bundled runtime").orElse("");
    }

    private static String machine(Path stateDir) {
        try {
            return HelperState.openExisting(stateDir).map(state -> "key " + state.identity().fingerprint() + ", "
                    + state.pairing().map(p -> "paired as " + p.machineId() + " with " + p.server() + (p.revoked() ? " (revoked by the server)" : ""))
                            .orElse("not paired"))
                    .orElse("no identity yet");
        } catch (IOException unreadable) {
            return "state unreadable: " + unreadable.getMessage();
        }
    }

    private static String serverAnswer(URI server) {
        long started = System.nanoTime();
        try (var http = HttpClient.newBuilder().connectTimeout(SERVER_TIMEOUT).build()) {
            int status = http.send(HttpRequest.newBuilder(server.resolve("/healthz")).timeout(SERVER_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return "answers /healthz " + status + " in " + (System.nanoTime() - started) / 1_000_000 + " ms";
        } catch (IOException | IllegalArgumentException e) {
            return "unreachable (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not checked (interrupted)";
        }
    }

    private static List<String> problems(Path stateDir) {
        try {
            List<String> problems = LogFiles.recentProblems(PlatformPaths.logDir(stateDir), RECENT_PROBLEMS);
            return problems.isEmpty() ? List.of("(none)") : problems;
        } catch (IOException unreadable) {
            return List.of("(no log: " + unreadable.getClass().getSimpleName() + ")");
        }
    }

    private static void line(StringBuilder report, String text) {
        report.append(text).append('\n');
    }
}
