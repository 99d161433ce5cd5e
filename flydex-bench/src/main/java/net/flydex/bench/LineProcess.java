package net.flydex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process the cold-start bench starts (a server node, a Node relay or host stub) whose output is
 * read line by line, so the bench can wait for the line that says it is ready. Closing it stops
 * the process (SIGTERM, then SIGKILL after a grace).
 */
final class LineProcess implements AutoCloseable {
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final long launchedAt;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private LineProcess(Process process, long launchedAt) {
        this.process = process;
        this.launchedAt = launchedAt;
        // A platform thread: a process pipe read blocks its carrier, and the bench holds several such readers at once.
        Thread.ofPlatform().daemon().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException ended) {
                // The process is gone.
            }
        });
    }

    static LineProcess start(List<String> command, Map<String, String> env) {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        long launchedAt = System.nanoTime();
        try {
            return new LineProcess(builder.start(), launchedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.getFirst(), e);
        }
    }

    /** The first line starting with {@code prefix}, skipping the others; the bench stops if none comes in {@code limit}. */
    String await(String prefix, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (System.nanoTime() - deadline < 0) {
                Optional<String> line = Optional.ofNullable(lines.poll(100, TimeUnit.MILLISECONDS));
                if (line.isPresent() && line.get().startsWith(prefix)) {
                    return line.get();
                }
                if (line.isEmpty() && !process.isAlive()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("no line '" + prefix + "' from " + process.info().command().orElse("a process") + " within " + limit
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
    }

    /** Milliseconds from launch until now. */
    double millisSinceLaunch() {
        return (System.nanoTime() - launchedAt) / 1e6;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
