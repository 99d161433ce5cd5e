package net.flydex.helper.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.helper.HelperVersion;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.platform.Os;
import net.flydex.helper.platform.PlatformPaths;
import net.flydex.helper.service.AppInstall;
import net.flydex.helper.service.JvmOptions;
import net.flydex.helper.service.ServiceDefinition;
import net.flydex.helper.service.ServiceManager;
import tools.jackson.databind.JsonNode;

/**
 * The helper as a background service: install the running jar where the login service can rely
 * on it, register the service and let the manager start it - or, where no manager is available
 * (a container without a user bus), start it detached for this session and say so.
 */
final class BackgroundHelper {
    static final int EXIT_NOT_STARTED = 4;
    /** The first start may create a key and start Codex; the local API answers well before that is done. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    /** util-linux's setsid: the detached helper leaves the terminal's session, so closing it sends no hangup. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final HelperConfig config;
    private final PlatformPaths paths;
    private final ServiceManager manager;
    private final PrintWriter out;

    BackgroundHelper(HelperConfig config, PlatformPaths paths, ServiceManager manager, PrintWriter out) {
        this.config = config;
        this.paths = paths;
        this.manager = manager;
        this.out = out;
    }

    /** How the person ran us: {@code npx flydex} or {@code flydex} (set by the npm launcher), for hints they can paste. */
    static String invokedAs() {
        return Optional.ofNullable(System.getenv("FLYDEX_INVOKED_AS")).filter(s -> !s.isBlank()).orElse("flydex");
    }

    /** Installs the app and the login service, starts the helper, waits for its health; the exit code. */
    int start() throws IOException {
        AppInstall.Installed installed = installApp();
        ServiceDefinition definition = definition(installed, JvmOptions.forService(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                bundledRuntime(), installed.runtime()));
        ServiceManager.Outcome service = manager.install(definition);
        Optional<Process> detached = Optional.empty();
        if (!service.registered()) {
            detached = Optional.of(startDetached(definition));
        }
        Optional<JsonNode> health = awaitHealth(detached);
        if (health.isEmpty()) {
            out.println("flydex: the helper did not start" + detached.filter(p -> !p.isAlive()).map(p -> " (exit code " + p.exitValue() + ")")
                    .orElse("") + ". `" + invokedAs() + " logs` shows why.");
            return EXIT_NOT_STARTED;
        }
        out.println("FlyDex helper " + health.get().path("version").asString("?") + " is running on http://127.0.0.1:" + config.port() + ".");
        if (service.registered()) {
            out.println("It starts at login: " + service.detail() + ".");
        } else {
            out.println("It runs in the background, but will not start at login: " + service.detail());
            out.println("(`" + invokedAs() + " service install` tries again.)");
        }
        nextSteps(health.get());
        return 0;
    }

    /** What to do now: link this desktop, or - if it is - use the phone. */
    void nextSteps(JsonNode health) {
        if (health.path("machine").path("paired").asBoolean(false)) {
            out.println("This desktop is linked to FlyDex: open FlyDex on your phone to steer Codex here.");
        } else {
            out.println("Next: open " + config.server() + " in a browser on this desktop to link it to your phone,");
            out.println("      or run `" + invokedAs() + " pair` to link it from this terminal.");
        }
        out.flush();
    }

    /**
     * The login service's command line: the installed jar with this helper's JVM flags, and every
     * setting this start was given, spelled out.
     */
    ServiceDefinition definition(AppInstall.Installed installed, List<String> jvmOptions) {
        var args = new ArrayList<>(List.of("--port", Integer.toString(config.port()), "--state-dir", config.stateDir().toString()));
        config.servers().forEach(server -> args.addAll(List.of("--server", server.toString())));
        args.addAll(List.of("--codex-mode", config.codex().mode().wire(), "--codex-home", config.codex().home().toString()));
        config.codex().binary().ifPresent(bin -> args.addAll(List.of("--codex-bin", bin.toString())));
        config.allowedOrigins().stream().sorted().forEach(origin -> args.addAll(List.of("--allowed-origin", origin)));
        Map<String, String> environment = Optional.ofNullable(System.getenv("PATH")).map(p -> Map.of("PATH", servicePath(p)))
                .orElse(Map.of());
        return new ServiceDefinition(installed.java(), jvmOptions, installed.jar(), args, paths.appDir(), environment);
    }

    /** The person's PATH without what npm/npx put in front for this one run (its temporary node_modules/.bin). */
    static String servicePath(String path) {
        return java.util.Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.contains("node_modules"))
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }

    private AppInstall.Installed installApp() throws IOException {
        Path runningJar;
        try {
            runningJar = Path.of(FlydexCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot tell where the helper jar is", e);
        }
        if (!Files.isRegularFile(runningJar)) {
            throw new IOException("the helper is not running from its jar (" + runningJar + "), so it cannot be installed as a service");
        }
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", paths.os() == Os.WINDOWS ? "java.exe" : "java"));
        return AppInstall.install(paths.os(), paths.appDir(), runningJar, java, bundledRuntime(), HelperVersion.get());
    }

    /** The runtime home the npm launcher ran us from, when it was the bundled one. */
    private static Optional<Path> bundledRuntime() {
        return Optional.ofNullable(System.getenv("FLYDEX_BUNDLED_RUNTIME")).filter(s -> !s.isBlank()).map(Path::of);
    }

    private Process startDetached(ServiceDefinition definition) throws IOException {
        var command = new ArrayList<>(definition.command());
        if (paths.os() != Os.WINDOWS && Files.isExecutable(SETSID)) {
            command.addFirst(SETSID.toString());
        }
        var builder = new ProcessBuilder(command).directory(definition.workingDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(paths.os() == Os.WINDOWS ? "NUL" : "/dev/null")))
                // The helper writes its own log file; the console copy has nowhere to go.
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(definition.environment());
        return builder.start();
    }

    private Optional<JsonNode> awaitHealth(Optional<Process> detached) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> health = LocalHelper.health(config.port());
            if (health.isPresent() || detached.map(p -> !p.isAlive()).orElse(false)) {
                return health;
            }
            LocalHelper.sleep(POLL);
        }
        return Optional.empty();
    }
}
