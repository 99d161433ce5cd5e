package net.flydex.helper.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import net.flydex.helper.HelperVersion;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.codex.CodexConfig;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.platform.PlatformPaths;
import net.flydex.helper.uplink.ServerUrls;
import net.flydex.protocol.Limits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The flags shared by {@code run} and {@code pair}; each also has an environment variable. The
 * names are constants because {@link RunArgs} (the service's start, which skips picocli) reads the
 * same flags.
 */
final class HelperOptions {
    static final String PORT = "--port";
    static final String PORT_ENV = "FLYDEX_PORT";
    static final String STATE_DIR = "--state-dir";
    static final String STATE_DIR_ENV = "FLYDEX_STATE_DIR";
    static final String SERVER = "--server";
    static final String SERVER_ENV = "FLYDEX_SERVER";
    static final String DEFAULT_SERVER = "https://flydex.net";
    static final String CODEX_BIN = "--codex-bin";
    static final String CODEX_BIN_ENV = "FLYDEX_CODEX_BIN";
    static final String CODEX_HOME = "--codex-home";
    static final String CODEX_HOME_ENV = "FLYDEX_CODEX_HOME";
    static final String CODEX_MODE = "--codex-mode";
    static final String CODEX_MODE_ENV = "FLYDEX_CODEX_MODE";
    static final String DEFAULT_CODEX_MODE = "auto";
    static final String ALLOWED_ORIGIN = "--allowed-origin";

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = PORT, defaultValue = "${env:" + PORT_ENV + ":-" + Limits.HELPER_PORT + "}",
            description = "Local API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = STATE_DIR, defaultValue = "${env:" + STATE_DIR_ENV + "}",
            description = "Where the machine identity is kept (default: the platform's state directory).")
    Path stateDir;

    @Option(names = SERVER, split = ",", defaultValue = "${env:" + SERVER_ENV + ":-" + DEFAULT_SERVER + "}",
            description = "The FlyDex control plane; repeat it or separate URLs with commas to fail over between nodes "
                    + "(default: ${DEFAULT-VALUE}).")
    List<URI> servers;

    @Option(names = CODEX_BIN, defaultValue = "${env:" + CODEX_BIN_ENV + "}",
            description = "The codex executable (default: codex on PATH).")
    Path codexBin;

    @Option(names = CODEX_HOME, defaultValue = "${env:" + CODEX_HOME_ENV + "}",
            description = "CODEX_HOME (default: $CODEX_HOME, else ~/.codex).")
    Path codexHome;

    @Option(names = CODEX_MODE, defaultValue = "${env:" + CODEX_MODE_ENV + ":-" + DEFAULT_CODEX_MODE + "}",
            converter = CodexModeConverter.class,
            description = "auto (attach to the shared Codex daemon, starting it if needed), attach, or private.")
    CodexMode codexMode;

    @Option(names = ALLOWED_ORIGIN, description = "A web origin allowed to call the local API (repeatable; "
            + "default: the server's origin).")
    List<String> allowedOrigins = List.of();

    HelperConfig config() {
        try {
            return config(port, Optional.ofNullable(stateDir), servers, Optional.ofNullable(codexBin), Optional.ofNullable(codexHome),
                    codexMode, allowedOrigins);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--server: " + e.getMessage());
        }
    }

    /** The settings from parsed flags; an unsafe server URL is an IllegalArgumentException. */
    static HelperConfig config(int port, Optional<Path> stateDir, List<URI> servers, Optional<Path> codexBin, Optional<Path> codexHome,
            CodexMode codexMode, List<String> allowedOrigins) {
        servers.forEach(ServerUrls::checked);
        var origins = new LinkedHashSet<>(allowedOrigins);
        if (origins.isEmpty()) {
            servers.forEach(server -> origins.add(ServerUrls.origin(server)));
        }
        var codex = new CodexConfig(codexBin, codexHome.orElseGet(CodexConfig::defaultHome), codexMode, Limits.CODEX_REQUEST_TIMEOUT,
                HelperVersion.get());
        return new HelperConfig(port, stateDir.orElseGet(() -> PlatformPaths.current().stateDir()), servers, origins, codex);
    }

    static final class CodexModeConverter implements CommandLine.ITypeConverter<CodexMode> {
        @Override
        public CodexMode convert(String value) {
            return CodexMode.fromWire(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a codex mode: use auto, attach or private"));
        }
    }
}
