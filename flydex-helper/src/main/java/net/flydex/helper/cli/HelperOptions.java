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

/** The flags shared by {@code run} and {@code pair}; each also has an environment variable. */
final class HelperOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:FLYDEX_PORT:-" + Limits.HELPER_PORT + "}",
            description = "Local API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--state-dir", defaultValue = "${env:FLYDEX_STATE_DIR}",
            description = "Where the machine identity is kept (default: the platform's state directory).")
    Path stateDir;

    @Option(names = "--server", split = ",", defaultValue = "${env:FLYDEX_SERVER:-https://flydex.net}",
            description = "The FlyDex control plane; repeat it or separate URLs with commas to fail over between nodes "
                    + "(default: ${DEFAULT-VALUE}).")
    List<URI> servers;

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

    HelperConfig config() {
        try {
            servers.forEach(ServerUrls::checked);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--server: " + e.getMessage());
        }
        var origins = new LinkedHashSet<>(allowedOrigins);
        if (origins.isEmpty()) {
            servers.forEach(server -> origins.add(ServerUrls.origin(server)));
        }
        var codex = new CodexConfig(Optional.ofNullable(codexBin), Optional.ofNullable(codexHome).orElseGet(CodexConfig::defaultHome),
                codexMode, Limits.CODEX_REQUEST_TIMEOUT, HelperVersion.get());
        return new HelperConfig(port, Optional.ofNullable(stateDir).orElseGet(() -> PlatformPaths.current().stateDir()), servers, origins, codex);
    }

    static final class CodexModeConverter implements CommandLine.ITypeConverter<CodexMode> {
        @Override
        public CodexMode convert(String value) {
            return switch (value) {
                case "auto" -> CodexMode.AUTO;
                case "attach" -> CodexMode.ATTACH;
                case "private" -> CodexMode.PRIVATE;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a codex mode: use auto, attach or private");
            };
        }
    }
}
