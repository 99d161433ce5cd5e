package net.flydex.helper.cli;

import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import net.flydex.helper.app.HelperApp;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.app.MachineInfo;
import net.flydex.helper.codex.CodexConfig;
import net.flydex.helper.codex.CodexMode;
import net.flydex.protocol.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flydex run}: the helper in the foreground, until it is stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the helper in the foreground.")
final class RunCommand implements Callable<Integer> {
    static final int EXIT_PORT_IN_USE = 3;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:FLYDEX_PORT:-" + Limits.HELPER_PORT + "}",
            description = "Local API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--state-dir", defaultValue = "${env:FLYDEX_STATE_DIR}",
            description = "Where the machine identity is kept (default: the platform's state directory).")
    Path stateDir;

    @Option(names = "--server", defaultValue = "${env:FLYDEX_SERVER:-https://flydex.net}",
            description = "The FlyDex control plane (default: ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--codex-bin", defaultValue = "${env:FLYDEX_CODEX_BIN}",
            description = "The codex executable (default: codex on PATH).")
    Path codexBin;

    @Option(names = "--codex-home", defaultValue = "${env:FLYDEX_CODEX_HOME}",
            description = "CODEX_HOME (default: $CODEX_HOME, else ~/.codex).")
    Path codexHome;

    @Option(names = "--codex-mode", defaultValue = "${env:FLYDEX_CODEX_MODE:-auto}",
            converter = CodexModeConverter.class,
            description = "auto (attach to the shared Codex daemon, starting it if needed), attach, or private.")
    CodexMode codexMode;

    @Option(names = "--allowed-origin", description = "A web origin allowed to call the local API (repeatable; "
            + "default: the server's origin).")
    List<String> allowedOrigins = List.of();

    @Override
    public Integer call() throws Exception {
        HelperConfig config = config();
        var app = new HelperApp(config, MachineInfo.detect());
        try {
            app.start();
        } catch (BindException portTaken) {
            spec.commandLine().getErr().println("flydex: " + portTaken.getMessage());
            return EXIT_PORT_IN_USE;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "flydex-shutdown"));
        spec.commandLine().getOut().println("flydex helper ready on http://127.0.0.1:" + app.port()
                + " (codex mode " + config.codex().mode().wire() + ", state " + config.stateDir() + ")");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    HelperConfig config() {
        if (!"https".equals(server.getScheme()) && !"http".equals(server.getScheme()) || server.getHost() == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--server must be an http(s) URL");
        }
        var origins = new LinkedHashSet<>(allowedOrigins);
        if (origins.isEmpty()) {
            origins.add(origin(server));
        }
        var codex = new CodexConfig(Optional.ofNullable(codexBin), Optional.ofNullable(codexHome).orElseGet(CodexConfig::defaultHome),
                codexMode, Limits.CODEX_REQUEST_TIMEOUT, net.flydex.helper.HelperVersion.get());
        return new HelperConfig(port, Optional.ofNullable(stateDir).orElseGet(StateDirs::defaultStateDir), server, origins, codex);
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    static final class CodexModeConverter implements picocli.CommandLine.ITypeConverter<CodexMode> {
        @Override
        public CodexMode convert(String value) {
            return switch (value) {
                case "auto" -> CodexMode.AUTO;
                case "attach" -> CodexMode.ATTACH;
                case "private" -> CodexMode.PRIVATE;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a codex mode: use auto, attach or private");
            };
        }
    }
}
