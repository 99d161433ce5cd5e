package net.flydex.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private {@code redis-server} on a free loopback port, for one test: never the machine's shared
 * Redis, so a test may stop and restart it. No persistence, as a restart that loses everything is
 * the hard case. Without the binary a test is skipped loudly on a laptop and fails under
 * {@code CI=true}, where {@code .ci/run} installs it.
 */
public final class TestRedis implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path binary;
    private final int port;
    private Process process;

    private TestRedis(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    public static TestRedis start() {
        Optional<Path> binary = Optional.ofNullable(System.getenv("FLYDEX_REDIS_SERVER")).map(Path::of)
                .or(() -> List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server").stream()
                        .map(Path::of).filter(Files::isExecutable).findFirst());
        if (binary.isEmpty()) {
            String message = "redis-server is not installed (set FLYDEX_REDIS_SERVER or install Debian's redis-server)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI must provide it");
            }
            System.err.println("\n*** SKIPPING Redis test: " + message + " ***\n");
            Assumptions.abort(message);
        }
        try {
            var redis = new TestRedis(binary.get(), freePort());
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server", e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * Everything the server executes from now on, as {@code MONITOR} prints it (every command of
     * every client, arguments quoted): what someone with Redis access sees of the traffic.
     */
    public Monitor monitor() throws IOException {
        return new Monitor(port);
    }

    /** A {@code MONITOR} connection collecting what it prints until closed. */
    public static final class Monitor implements AutoCloseable {
        private final Socket socket;
        private final java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();

        private Monitor(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] ok = in.readNBytes(5);
            if (!new String(ok, StandardCharsets.US_ASCII).equals("+OK\r\n")) {
                throw new IOException("MONITOR was not accepted");
            }
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[64 * 1024];
                try {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (seen) {
                            seen.write(buffer, 0, n);
                        }
                    }
                } catch (IOException closed) {
                    // The monitor was closed, or the server went away.
                }
            });
        }

        /** What the monitor printed so far. */
        public byte[] bytes() {
            synchronized (seen) {
                return seen.toByteArray();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Kills the server at once, as a crash would; {@link #restart} brings it back empty on the same port. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public void restart() throws IOException {
        launch();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--protected-mode", "yes").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while redis-server started", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer on port " + port);
    }

    private boolean answersPing() {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
