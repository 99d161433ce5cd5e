package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * The shaded helper jar run as a person runs it ({@code java -jar flydex-helper.jar run}), in
 * private mode on a free loopback port. Closing it stops the whole process tree.
 */
final class HelperProcess implements AutoCloseable {
    /** How often start-up polls /v1/health: the resolution of the start-up figures. */
    static final Duration HEALTH_POLL = Duration.ofMillis(10);
    /** The helper is ready in under a second here; this bounds a broken start only. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    /** SIGTERM runs the helper's shutdown hook, which closes Codex; after this, everything is killed. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);
    /** Enough of the helper's log to explain a failed start without flooding the terminal. */
    private static final int LOG_TAIL_CHARS = 2_000;
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private final Process process;
    private final long launchedAt;
    private final int port;
    private final Path log;

    private HelperProcess(Process process, long launchedAt, int port, Path log) {
        this.process = process;
        this.launchedAt = launchedAt;
        this.port = port;
        this.log = log;
    }

    /** Launches the jar; {@code work} receives the state dir and the helper's log. */
    static HelperProcess launch(Path jar, JvmFlags jvm, Path codexBin, Path codexHome, Path work) {
        return launch(jar, jvm, codexBin, codexHome, work, Map.of());
    }

    /** The same with {@code env} added to the helper's environment. */
    static HelperProcess launch(Path jar, JvmFlags jvm, Path codexBin, Path codexHome, Path work, Map<String, String> env) {
        return launch(jar, jvm, codexBin, codexHome, work, List.of(), env);
    }

    /** Launches the jar to pair with (and only accept pages from) the control plane at {@code server}. */
    static HelperProcess launch(Path jar, JvmFlags jvm, Path codexBin, Path codexHome, Path work, URI server) {
        return launch(jar, jvm, codexBin, codexHome, work, server, Map.of());
    }

    /** The same with {@code env} added to the helper's environment. */
    static HelperProcess launch(Path jar, JvmFlags jvm, Path codexBin, Path codexHome, Path work, URI server, Map<String, String> env) {
        return launch(jar, jvm, codexBin, codexHome, work, List.of("--server", server.toString()), env);
    }

    private static HelperProcess launch(Path jar, JvmFlags jvm, Path codexBin, Path codexHome, Path work, List<String> more,
            Map<String, String> env) {
        int port = FreePort.loopback();
        Path log = work.resolve("helper.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm.flags());
        command.addAll(List.of("-jar", jar.toString(), "run", "--port", Integer.toString(port),
                "--state-dir", work.resolve("state").toString(), "--codex-home", codexHome.toString(),
                "--codex-bin", codexBin.toString(), "--codex-mode", "private"));
        command.addAll(more);
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        long launchedAt = System.nanoTime();
        try {
            return new HelperProcess(builder.start(), launchedAt, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch the helper", e);
        }
    }

    /** Polls health until a started helper says Codex is ready. */
    StartupTimes awaitReady(HealthProbe probe) {
        double answered = Double.NaN;
        double started = Double.NaN;
        double codexReady = Double.NaN;
        double cpu = Double.NaN;
        long deadline = launchedAt + START_LIMIT.toNanos();
        while (System.nanoTime() - deadline < 0 && process.isAlive()) {
            var answer = probe.answer(port);
            double elapsed = (System.nanoTime() - launchedAt) / NANOS_PER_MILLI;
            if (answer.isPresent() && Double.isNaN(answered)) {
                answered = elapsed;
                cpu = ProcessCpu.millis(process.pid());
            }
            if (answer.map(a -> codexReady(a.health())).orElse(false) && Double.isNaN(codexReady)) {
                codexReady = elapsed;
            }
            var health = answer.filter(HealthProbe.Answer::started).map(HealthProbe.Answer::health);
            if (health.isPresent() && Double.isNaN(started)) {
                started = elapsed;
            }
            if (health.map(HelperProcess::codexReady).orElse(false)) {
                return new StartupTimes(answered, started, codexReady, elapsed, cpu);
            }
            Pause.of(HEALTH_POLL);
        }
        throw new IllegalStateException("the helper was not ready within " + START_LIMIT
                + (process.isAlive() ? "" : " (it exited)") + "; its log ends with:\n" + logTail());
    }

    long pid() {
        return process.pid();
    }

    /** The loopback port of its local API. */
    int port() {
        return port;
    }

    /** The private {@code codex app-server} the helper spawned. */
    ProcessHandle codexChild() {
        return process.children()
                .filter(child -> child.info().command().map(c -> Path.of(c).getFileName().toString().equals("codex")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the helper has no codex child process"));
    }

    @Override
    public void close() {
        // Collected first: once the helper is gone its children are re-parented and out of reach.
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        stop(process.toHandle());
        tree.forEach(HelperProcess::stop);
    }

    /** Waits for a process already asked to exit, and kills it if it does not. */
    private static void stop(ProcessHandle handle) {
        if (!exitsWithinGrace(handle)) {
            handle.destroyForcibly();
            exitsWithinGrace(handle);
        }
    }

    private static boolean exitsWithinGrace(ProcessHandle handle) {
        try {
            handle.onExit().get(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException stillRunning) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean codexReady(JsonNode health) {
        return health.path("runtime").path("codex").asString("").equals("ready");
    }

    private String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - LOG_TAIL_CHARS));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
