package net.flydex.helper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.flydex.testkit.HelperHealth;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The packaged helper as a person runs it: a real process, a real Codex, the real CLI. */
class HelperProcessIT {
    private static final Path JAR = Path.of("target", "flydex-helper.jar");
    private static final Duration START = Duration.ofSeconds(30);

    private final SharedCodex codex = SharedCodex.get();
    private final List<Process> started = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void stopAll() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Test
    void runPrintsReadyAndHealthReportsTheRealCodex() throws Exception {
        int port = freePort();
        Process helper = start("run", "--port", "" + port, "--state-dir", dir.resolve("state").toString(),
                "--codex-home", codex.privateHome(dir.resolve("codex")).dir().toString(),
                "--codex-bin", codex.install().binary().toString(), "--codex-mode", "private");

        assertThat(firstLine(helper)).isEqualTo("flydex helper ready on http://127.0.0.1:" + port
                + " (codex mode private, state " + dir.resolve("state") + ")");
        JsonNode health = await().atMost(START).until(() -> health(port),
                h -> h.path("runtime").path("codex").asString("").equals("ready"));
        assertThat(health.path("status").asString()).isEqualTo("ok");
        assertThat(health.path("runtime").path("codexVersion").asString()).isEqualTo(codex.install().version());
        assertThat(health.path("runtime").path("codexMode").asString()).isEqualTo("private");
        assertThat(health.path("bridge").path("state").asString()).isEqualTo("unpaired");
        assertThat(health.path("machine").path("paired").asBoolean()).isFalse();
        assertThat(Files.getPosixFilePermissions(dir.resolve("state"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));

        Process status = start("status", "--port", "" + port);
        assertThat(status.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String printed = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(status.exitValue()).isZero();
        assertThat(printed).contains("codex:         ready (" + codex.install().version() + "), private mode");

        Process sameState = start("run", "--port", "" + freePort(), "--state-dir", dir.resolve("state").toString(), "--codex-mode", "private");
        assertThat(sameState.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sameState.exitValue()).isEqualTo(RunCommand.EXIT_PORT_IN_USE);
        assertThat(new String(sameState.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("another FlyDex helper is using the state directory " + dir.resolve("state"), "port " + port);

        Process second = start("run", "--port", "" + port, "--state-dir", dir.resolve("state2").toString(), "--codex-mode", "private");
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(RunCommand.EXIT_PORT_IN_USE);
        assertThat(new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("a FlyDex helper (version ").contains("is already running on 127.0.0.1:" + port);

        long codexPid = helper.descendants().findFirst().orElseThrow().pid();
        helper.destroy();
        assertThat(helper.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(START).until(() -> ProcessHandle.of(codexPid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aPortHeldByAnotherProgramIsNamedAsSuch() throws Exception {
        try (var other = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Process helper = start("run", "--port", "" + other.getLocalPort(), "--state-dir", dir.resolve("state").toString(),
                    "--codex-mode", "private");
            assertThat(helper.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(helper.exitValue()).isEqualTo(RunCommand.EXIT_PORT_IN_USE);
            assertThat(new String(helper.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("port " + other.getLocalPort() + " on 127.0.0.1 is taken by another program, not a FlyDex helper");
        }
    }

    @Test
    void aDamagedDeviceListStopsTheStartWithALineAndIsLeftAsItWas() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("devices.json"), "{\"devices\": [");
        Process helper = start("run", "--port", "" + freePort(), "--state-dir", state.toString(), "--codex-mode", "private",
                "--codex-home", codex.privateHome(dir.resolve("codex")).dir().toString(), "--codex-bin", codex.install().binary().toString());

        assertThat(helper.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(helper.exitValue()).isEqualTo(RunCommand.EXIT_STATE_UNUSABLE);
        String said = new String(helper.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(said).contains("flydex: " + state.resolve("devices.json") + " is unreadable; it was left untouched. The helper did not start.")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readString(state.resolve("devices.json"))).isEqualTo("{\"devices\": [");
    }

    @Test
    void aMissingCodexIsReportedWithHowToInstallIt() throws Exception {
        int port = freePort();
        start("run", "--port", "" + port, "--state-dir", dir.resolve("state").toString(),
                "--codex-bin", dir.resolve("nowhere/codex").toString(), "--codex-mode", "private");

        JsonNode health = await().atMost(START).until(() -> health(port),
                h -> h.path("runtime").path("codex").asString("").equals("missing"));
        assertThat(health.path("runtime").path("message").asString()).contains("npm install -g @openai/codex");
    }

    @Test
    void badFlagsAndStatusWithoutAHelperExitNonZero() throws Exception {
        Process bad = start("run", "--codex-mode", "sometimes");
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("use auto, attach or private");

        Process status = start("status", "--port", "" + freePort());
        assertThat(status.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(status.exitValue()).isEqualTo(StatusCommand.EXIT_NOT_RUNNING);
        assertThat(new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("not running");

        Process version = start("--version");
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("flydex ");
    }

    private Process start(String... args) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }

    private static String firstLine(Process process) throws IOException {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private static JsonNode health(int port) {
        return HelperHealth.read(port);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
