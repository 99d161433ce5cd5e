package net.flydex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh {@code CODEX_HOME} whose config points Codex at a {@link ScriptedModel}, plus the daemon
 * controls a test needs: start it the way the TUI does, and stop it together with everything it
 * spawned (the update loop outlives {@code daemon stop}).
 *
 * <p>Each daemon start copies the Codex package (about 400 MB) into its home, so a test suite
 * should share one daemon home rather than make one per test.
 */
public record CodexHome(CodexInstall codex, Path dir) {

    /** Writes {@code config.toml} for the model; the directory is created if needed. */
    public static CodexHome create(CodexInstall codex, Path dir, ScriptedModel model) {
        String config = """
                model = "gpt-5.5"
                model_provider = "mock"

                [model_providers.mock]
                name = "FlyDex scripted model"
                base_url = "%s"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0
                stream_idle_timeout_ms = 30000

                [features]
                plugins = false

                # The checklist tool real models get from their metadata; the mock's model needs it named.
                [tools.update_plan]
                enabled = true
                """.formatted(model.baseUrl());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.toml"), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CodexHome(codex, dir);
    }

    /** The environment a Codex process needs to use this home. */
    public Map<String, String> env() {
        return Map.of("CODEX_HOME", dir.toString());
    }

    /** {@code codex app-server daemon start}, as the TUI does when no daemon runs. */
    public void startDaemon() {
        run(List.of("app-server", "daemon", "start"), Duration.ofMinutes(2));
    }

    /** Stops the daemon, its update loop and any process still running from this home. */
    public void stopDaemon() {
        try {
            run(List.of("app-server", "daemon", "stop"), Duration.ofSeconds(30));
        } catch (IllegalStateException notRunning) {
            // Already stopped: the sweep below still removes stragglers.
        }
        String home = dir.toAbsolutePath().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(home)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private String run(List<String> args, Duration timeout) {
        try {
            var command = new java.util.ArrayList<String>();
            command.add(codex.binary().toString());
            command.addAll(args);
            var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env());
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("codex " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
