package net.flydex.helper.codex;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A private {@code codex app-server} child process speaking newline-delimited JSON on stdio.
 * Its stderr (tracing logs that may quote prompts and output) is drained continuously so the
 * child never blocks on a full pipe, and is never logged.
 */
public final class StdioTransport implements CodexTransport {
    private final Process process;
    private final OutputStream stdin;
    private final ReentrantLock writeLock = new ReentrantLock();

    private StdioTransport(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /** Starts {@code command} and begins delivering its stdout lines to {@code listener}. */
    public static StdioTransport start(List<String> command, Map<String, String> env, TransportListener listener)
            throws IOException {
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        var transport = new StdioTransport(builder.start());
        transport.startReaders(listener);
        return transport;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void send(String json) throws IOException {
        byte[] line = json.getBytes(StandardCharsets.UTF_8);
        writeLock.lock();
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Closing stdin asks app-server to exit cleanly; it is killed if it does not. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException alreadyGone) {
            // The process exited first; nothing left to close.
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void startReaders(TransportListener listener) {
        // Platform threads: a read of a process pipe blocks in native code and holds a virtual
        // thread's carrier, and on two cores these two readers of an idle Codex took both carriers,
        // so no other virtual thread (local API, uplink) ran at all.
        Thread.ofPlatform().daemon().name("codex-stderr-" + process.pid()).start(() -> drain(process.getErrorStream()));
        Thread.ofPlatform().daemon().name("codex-stdout-" + process.pid()).start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) {
                        listener.onMessage(line);
                    }
                }
            } catch (IOException streamBroken) {
                // Falls through to the exit report below.
            }
            listener.onClosed(exitDescription());
        });
    }

    private String exitDescription() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return "codex app-server exited with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "codex app-server closed its output";
    }

    private static void drain(InputStream stderr) {
        byte[] buffer = new byte[8192];
        try (stderr) {
            while (stderr.read(buffer) >= 0) {
                // Discarded on purpose: Codex's logs may contain prompts and command output.
            }
        } catch (IOException closed) {
            // The process is gone.
        }
    }
}
