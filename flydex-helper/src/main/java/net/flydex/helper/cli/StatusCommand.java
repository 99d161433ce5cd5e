package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import net.flydex.protocol.Limits;
import net.flydex.protocol.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code flydex status}: asks the running helper how it is, and says it in words. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether the helper and Codex are running.")
final class StatusCommand implements Callable<Integer> {
    static final int EXIT_NOT_RUNNING = 1;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:FLYDEX_PORT:-" + Limits.HELPER_PORT + "}",
            description = "The helper's local API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode health;
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            health = WireJson.mapper().readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (java.io.IOException notRunning) {
            out.println("FlyDex helper: not running on 127.0.0.1:" + port + ". Start it with `flydex` (background) or `flydex run`.");
            return EXIT_NOT_RUNNING;
        }
        JsonNode runtime = health.path("runtime");
        if (health.path("helper").path("state").asString("").equals("revoked")) {
            out.println("This desktop was removed from its FlyDex account, so the helper stopped connecting.");
            out.println("Run `flydex pair` (or open FlyDex on this desktop) to link it again.");
        }
        out.println("FlyDex helper " + health.path("version").asString("?") + ": " + health.path("helper").path("state").asString("?"));
        // A helper still starting (503, docs/api.md) knows Codex's status, not yet its link or its machine.
        boolean starting = health.path("status").asString("").equals("starting");
        if (!starting) {
            out.println("  control plane: " + health.path("bridge").path("state").asString("?"));
        }
        out.println("  codex:         " + runtime.path("codex").asString("?")
                + (runtime.has("codexVersion") ? " (" + runtime.path("codexVersion").asString() + ")" : "")
                + (runtime.has("codexMode") ? ", " + runtime.path("codexMode").asString() + " mode" : ""));
        if (runtime.has("message")) {
            out.println("                 " + runtime.path("message").asString());
        }
        if (starting) {
            return 0;
        }
        JsonNode machine = health.path("machine");
        out.println("  machine:       " + machine.path("name").asString("?") + " (" + machine.path("platform").asString("?") + "), "
                + (machine.path("paired").asBoolean(false) ? "paired" : "not paired yet"));
        return 0;
    }
}
