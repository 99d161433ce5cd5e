package net.flydex.helper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.flydex.helper.app.HelperConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code flydex run}'s arguments read without picocli give what picocli gives, or nothing (and picocli then reads them). */
class RunArgsTest {
    /** Without environment variables: the flags alone, and each flag's default. */
    private static HelperConfig picocli(List<String> args) {
        var run = new RunCommand();
        new CommandLine(run).parseArgs(args.toArray(String[]::new));
        return run.options.config();
    }

    static Stream<List<String>> wellFormed() {
        return Stream.of(
                List.of(),
                List.of("--port", "48200", "--state-dir", "/tmp/state", "--server", "http://127.0.0.1:8080", "--codex-mode", "private"),
                List.of("--port=0", "--server=http://127.0.0.1:8081,http://localhost:8082", "--server", "https://flydex.example.com"),
                List.of("--codex-bin", "/opt/codex", "--codex-home", "/tmp/codex", "--codex-mode", "attach"),
                List.of("--allowed-origin", "https://a.example.com", "--allowed-origin=https://b.example.com", "--codex-mode=auto"));
    }

    @ParameterizedTest
    @MethodSource("wellFormed")
    void wellFormedArgumentsGiveWhatPicocliGives(List<String> args) {
        assertThat(RunArgs.parse(args, Map.of())).contains(picocli(args));
    }

    static Stream<List<String>> forPicocli() {
        return Stream.of(List.of("--help"), List.of("-h"), List.of("--version"), List.of("--port"), List.of("--port", "eighty"),
                List.of("--codex-mode", "daemon"), List.of("--server", "http://flydex.example.com"), List.of("--unknown", "x"),
                List.of("--port", "1", "--port", "2"), List.of("extra"));
    }

    @ParameterizedTest
    @MethodSource("forPicocli")
    void anythingElseIsLeftToPicocli(List<String> args) {
        assertThat(RunArgs.parse(args, Map.of())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("wellFormed")
    void environmentVariablesStandInForMissingFlags(List<String> ignored) {
        var env = Map.of("FLYDEX_PORT", "48300", "FLYDEX_STATE_DIR", "/tmp/env-state", "FLYDEX_SERVER", "http://127.0.0.1:9090",
                "FLYDEX_CODEX_MODE", "private", "FLYDEX_CODEX_HOME", "/tmp/env-codex", "FLYDEX_CODEX_BIN", "/opt/env-codex");
        HelperConfig config = RunArgs.parse(List.of("--port", "48301"), env).orElseThrow();

        assertThat(config.port()).isEqualTo(48301);
        assertThat(config.stateDir()).hasToString("/tmp/env-state");
        assertThat(config.server()).hasToString("http://127.0.0.1:9090");
        assertThat(config.codex().mode().wire()).isEqualTo("private");
        assertThat(config.codex().home()).hasToString("/tmp/env-codex");
        assertThat(config.codex().binary()).map(Object::toString).contains("/opt/env-codex");
    }
}
