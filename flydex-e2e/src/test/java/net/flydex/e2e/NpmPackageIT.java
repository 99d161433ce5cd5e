package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.HelperHealth;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The one-line install, from the packed tarball in a clean HOME: {@code npx flydex} starts the
 * helper in the background and for login, a second run reports it, a paired desktop comes back
 * with the same machine id after a stop - through the login service's own command line and
 * through {@code npx flydex} again - with no browser, and {@code unpair} removes it. Helpers use
 * a free port, never 48163.
 */
class NpmPackageIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final SharedCodex codex = SharedCodex.get();
    private final List<Process> started = new ArrayList<>();
    private ControlPlane plane;
    private Npx npx;
    @TempDir
    Path dir;

    @AfterEach
    void stopAll() {
        if (npx != null) {
            controlPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
        started.forEach(Process::destroyForcibly);
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void theTarballPrintsItsVersion() throws Exception {
        Npx.Result result = new Npx(dir.resolve("home")).run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("flydex " + Npx.VERSION);
    }

    @Test
    void firstRunStartsInTheBackgroundAndAPairedDesktopComesBackAfterAStop() throws Exception {
        plane = new ControlPlane();
        int port = ControlPlane.freePort();
        npx = desktopFor(port);

        Npx.Result first = npx.run();
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("is running on http://127.0.0.1:" + port, "pair");
        assertThat(HelperHealth.read(port).path("status").asString()).isEqualTo("ok");
        long pid = controlPid().orElseThrow();
        String unit = Files.readString(npx.unitFile());
        assertThat(unit).contains("ExecStart=", npx.home.resolve(".local/share/flydex/flydex-helper.jar").toString(),
                "\"--port\" \"" + port + "\"", "WantedBy=default.target");

        Npx.Result second = npx.run();
        assertThat(second.exitCode()).isZero();
        assertThat(second.output()).contains("already running on http://127.0.0.1:" + port);
        assertThat(controlPid()).as("no second helper").contains(pid);

        ApiClient owner = plane.phone("desk@example.com");
        String machineId = PairedDesktop.connect(plane.url, plane.url.toString(), owner, port);
        awaitOnline(owner, machineId, true);

        assertThat(npx.run("stop").output()).contains("Stopped the FlyDex helper");
        assertThat(HelperHealth.read(port).has("status")).isFalse();
        awaitOnline(owner, machineId, false);

        startAsTheLoginServiceWould(unit);
        awaitOnline(owner, machineId, true);
        assertThat(npx.run("stop").exitCode()).isZero();
        awaitOnline(owner, machineId, false);

        Npx.Result again = npx.run();
        assertThat(again.output()).contains("is running", "This desktop is linked");
        awaitOnline(owner, machineId, true);
        assertThat(owner.get("/api/machines").body().path("machines")).hasSize(1);

        Npx.Result unpair = npx.run("unpair");
        assertThat(unpair.exitCode()).as(unpair.output()).isZero();
        assertThat(unpair.output()).contains("removed machine " + machineId);
        assertThat(owner.get("/api/machines").body().path("machines")).isEmpty();
        assertThat(npx.stateDir().resolve("machine-key.pem")).doesNotExist();
    }

    @Test
    void anUpgradeReplacesTheRunningOlderHelperAndKeepsTheMachine() throws Exception {
        plane = new ControlPlane();
        int port = ControlPlane.freePort();
        npx = desktopFor(port);
        Path olderJar = olderHelperJar("0.0.9");
        var olderRun = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", olderJar.toString(),
                "run", "--state-dir", npx.stateDir().toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        olderRun.environment().putAll(npx.env); // The desktop's port, server and Codex settings.
        Process older = olderRun.start();
        started.add(older);
        await().atMost(WAIT).until(() -> HelperHealth.read(port).path("version").asString("").equals("0.0.9"));
        ApiClient owner = plane.phone("upgrade@example.com");
        String machineId = PairedDesktop.connect(plane.url, plane.url.toString(), owner, port);

        Npx.Result upgrade = npx.run();

        assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
        assertThat(upgrade.output()).contains("FlyDex helper 0.0.9 is running; replacing it with " + Npx.VERSION,
                "is running on http://127.0.0.1:" + port, "This desktop is linked");
        assertThat(older.waitFor(30, TimeUnit.SECONDS)).as("the older helper stopped").isTrue();
        assertThat(HelperHealth.read(port).path("version").asString()).isEqualTo(Npx.VERSION);
        awaitOnline(owner, machineId, true);
    }

    @Test
    void withoutJavaTheLauncherSaysWhatToInstall() throws Exception {
        npx = new Npx(dir.resolve("home"));
        npx.env.put("PATH", binWithoutJava().toString());
        npx.env.remove("JAVA_HOME");

        Npx.Result none = npx.run("--version");
        assertThat(none.exitCode()).isEqualTo(69);
        assertThat(none.output()).contains("FlyDex needs Java 21 or newer", "java on PATH: not found", "adoptium.net");

        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        if (Files.isExecutable(java17.resolve("bin/java"))) {
            npx.env.put("JAVA_HOME", java17.toString());
            Npx.Result old = npx.run("--version");
            assertThat(old.exitCode()).isEqualTo(69);
            assertThat(old.output()).contains("JAVA_HOME (" + java17 + "): Java 17, too old");
        }
    }

    @Test
    void theBundledRuntimePackageIsUsedWhenNpmInstalledIt() throws Exception {
        npx = new Npx(dir.resolve("home"));
        String platform = nodePlatform();
        // A runtime package as the runtime profile packs it; its java hands over to this JDK (a jlink image is ~100 MB).
        Path runtimePackage = Files.createDirectories(dir.resolve("runtime-package/runtime/bin"));
        Path java = runtimePackage.resolve("java");
        Files.writeString(java, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        java.toFile().setExecutable(true);
        Files.writeString(dir.resolve("runtime-package/package.json"), """
                {"name":"@flydex/runtime-%s","version":"%s","os":["%s"],"cpu":["%s"],"files":["runtime/"]}"""
                .formatted(platform, Npx.VERSION, platform.split("-")[0], platform.split("-")[1]));
        Process pack = new ProcessBuilder("npm", "pack", "--pack-destination", npx.home.toString()).directory(dir.resolve("runtime-package")
                .toFile()).redirectErrorStream(true).start();
        pack.getInputStream().readAllBytes();
        assertThat(pack.waitFor(60, TimeUnit.SECONDS) && pack.exitValue() == 0).isTrue();
        Path bin = binWithoutJava();
        npx.env.put("PATH", bin.toString());
        npx.env.remove("JAVA_HOME");
        npx.env.put("FLYDEX_SERVER", "http://127.0.0.1:9"); // The doctor asks the server; nothing listens there.

        Npx.Result doctor = npx.runWith(List.of("--package", "./" + Npx.TARBALL.getFileName(),
                "--package", "./flydex-runtime-" + platform + "-" + Npx.VERSION + ".tgz", "--", "flydex"), "doctor");

        assertThat(doctor.exitCode()).as(doctor.output()).isZero();
        assertThat(doctor.output()).contains("flydex:        " + Npx.VERSION, ", bundled runtime", "state dir:     ~/.local/state/flydex");
    }

    /** A fresh desktop whose helper uses {@code port}, this test's control plane and a private Codex on the scripted model. */
    private Npx desktopFor(int port) throws Exception {
        Npx desktop = new Npx(dir.resolve("home"));
        desktop.env.putAll(Map.of("FLYDEX_PORT", "" + port, "FLYDEX_SERVER", plane.url.toString(), "FLYDEX_CODEX_MODE", "private",
                "FLYDEX_CODEX_HOME", codex.privateHome(dir.resolve("codex")).dir().toString(),
                "FLYDEX_CODEX_BIN", codex.install().binary().toString()));
        return desktop;
    }

    /** This build's helper jar, stamped with an older version: what an earlier release left running. */
    private Path olderHelperJar(String version) throws IOException {
        Path jar = dir.resolve("flydex-helper-" + version + ".jar");
        Files.copy(Path.of(System.getProperty("flydex.helper.jar", "../flydex-helper/target/flydex-helper.jar")), jar);
        try (var zip = java.nio.file.FileSystems.newFileSystem(jar)) {
            Files.writeString(zip.getPath("net/flydex/helper/version.properties"), "version=" + version + "\n");
        }
        return jar;
    }

    /** Node's names for this machine: linux-x64, darwin-arm64, win32-x64. */
    private static String nodePlatform() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return (os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "win32" : "linux") + "-"
                + (arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "arm64" : arch);
    }

    /** A PATH with node, npm and the shell npm runs bins with - and no java anywhere. */
    private Path binWithoutJava() throws IOException {
        Path bin = dir.resolve("bin-without-java");
        if (!Files.exists(bin)) {
            Files.createDirectories(bin);
            for (String tool : List.of("node", "npm", "npx", "sh")) {
                Files.createSymbolicLink(bin.resolve(tool), onPath(tool));
            }
        }
        return bin;
    }

    /**
     * Runs the unit's ExecStart under systemd ({@code systemd-run --user}) where a user bus exists;
     * where it does not (containers), runs exactly that command line with the unit's environment
     * and says so - the same words a login would run.
     */
    private void startAsTheLoginServiceWould(String unit) throws Exception {
        List<String> command = words(unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow()
                .substring("ExecStart=".length()));
        String path = words(unit.lines().filter(l -> l.startsWith("Environment=")).findFirst().orElseThrow()
                .substring("Environment=".length())).getFirst().substring("PATH=".length());
        Process bus = new ProcessBuilder("systemctl", "--user", "show-environment").redirectErrorStream(true).start();
        String busAnswer = new String(bus.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean userBus = bus.waitFor(10, TimeUnit.SECONDS) && bus.exitValue() == 0;
        ProcessBuilder builder;
        if (userBus) {
            var systemdRun = new ArrayList<>(List.of("systemd-run", "--user", "--collect", "--unit", "flydex-it-" + ProcessHandle.current().pid(),
                    "--setenv=PATH=" + path));
            systemdRun.addAll(command);
            builder = new ProcessBuilder(systemdRun);
        } else {
            System.out.println("No systemd user bus here (systemctl --user: " + busAnswer + "): "
                    + "running the unit's ExecStart directly, as systemd would at login.");
            builder = new ProcessBuilder(command);
            builder.environment().put("PATH", path);
        }
        builder.environment().put("HOME", npx.home.toString());
        started.add(builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start());
    }

    /** systemd's quoted words, as {@code SystemdUnit} writes them (\\, \", %%, $$). */
    private static List<String> words(String line) {
        var words = new ArrayList<String>();
        Matcher word = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(line);
        while (word.find()) {
            words.add(word.group(1).replace("\\\"", "\"").replace("\\\\", "\\").replace("%%", "%").replace("$$", "$"));
        }
        return words;
    }

    private static Path onPath(String tool) throws IOException {
        for (String entry : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toRealPath();
            }
        }
        throw new AssertionError(tool + " is not on PATH; .ci/run installs node and npm");
    }

    private void awaitOnline(ApiClient owner, String machineId, boolean online) {
        await().atMost(WAIT).until(() -> {
            JsonNode machines = owner.get("/api/machines").body().path("machines");
            return machines.size() == 1 && machines.get(0).path("id").asString().equals(machineId)
                    && machines.get(0).path("online").asBoolean() == online;
        });
    }

    private Optional<Long> controlPid() {
        try {
            return Optional.of(WireJson.mapper().readTree(Files.readString(npx.stateDir().resolve("control.json"))).path("pid").asLong());
        } catch (IOException gone) {
            return Optional.empty();
        }
    }
}
