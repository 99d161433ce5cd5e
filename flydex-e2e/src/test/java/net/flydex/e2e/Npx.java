package net.flydex.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code npx -y ./flydex-<version>.tgz ...} as a person on a fresh desktop runs it: a clean
 * temporary HOME and XDG directories, npm's cache inside it, and no registry (the tarball has no
 * dependencies; its optional runtime packages are skipped when the registry cannot be reached).
 */
final class Npx {
    static final Path TARBALL = Path.of(System.getProperty("flydex.npm.tarball", "../npm/target/flydex.tgz")).toAbsolutePath();
    static final String VERSION = System.getProperty("flydex.version", "dev");

    record Result(int exitCode, String output) {}

    final Path home;
    final Map<String, String> env = new HashMap<>();

    /** A desktop whose home is {@code home}, using the test JVM's Java through JAVA_HOME. */
    Npx(Path home) throws IOException {
        this.home = home;
        Files.createDirectories(home);
        Files.copy(TARBALL, home.resolve(TARBALL.getFileName()));
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("npm_config_cache", home.resolve(".npm").toString());
        env.put("npm_config_registry", "http://127.0.0.1:9/");
        env.put("npm_config_fetch_retries", "0");
        env.put("npm_config_update_notifier", "false");
        env.put("npm_config_audit", "false");
        env.put("npm_config_fund", "false");
    }

    Path stateDir() {
        return home.resolve(".local/state/flydex");
    }

    Path unitFile() {
        return home.resolve(".config/systemd/user/flydex.service");
    }

    /** Runs {@code npx -y ./flydex-<version>.tgz <args>} in the home directory; output and errors together. */
    Result run(String... args) throws IOException, InterruptedException {
        return runWith(List.of("./" + TARBALL.getFileName()), args);
    }

    /** {@code npx -y <packageArgs> <args>}: e.g. several {@code --package} tarballs, {@code --}, and the bin. */
    Result runWith(List<String> packageArgs, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("npx", "-y"));
        command.addAll(packageArgs);
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("npx " + String.join(" ", args) + " did not finish: " + output);
        }
        System.out.println("$ npx " + String.join(" ", args) + " -> " + process.exitValue() + "\n" + output);
        return new Result(process.exitValue(), output);
    }
}
