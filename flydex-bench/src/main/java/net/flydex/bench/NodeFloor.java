package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The peer-style floor ({@code flydex-bench/src/main/node/floor.js}): a minimal Node {@code ws}
 * relay and host stub. {@code ws} is installed from npm at {@link #WS_VERSION} into
 * {@code flydex-bench/target/node-floor} on first use (never committed), and found through NODE_PATH.
 */
final class NodeFloor {
    /** Pinned, so every report measures the same library. */
    static final String WS_VERSION = "8.23.1";
    static final Path SCRIPT = Path.of("flydex-bench", "src", "main", "node", "floor.js");
    private static final Path DIR = Path.of("flydex-bench", "target", "node-floor");
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(3);

    private NodeFloor() {}

    /** Installs {@code ws} unless the pinned version is there already. */
    static void install() {
        Path manifest = DIR.resolve("node_modules/ws/package.json");
        try {
            if (Files.isRegularFile(manifest) && Files.readString(manifest).contains("\"version\": \"" + WS_VERSION + "\"")) {
                return;
            }
            Files.createDirectories(DIR);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--no-save", "--prefix",
                    DIR.toString(), "ws@" + WS_VERSION).redirectErrorStream(true).redirectOutput(DIR.resolve("npm-install.log").toFile())
                    .start();
            if (!npm.waitFor(INSTALL_LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS) || npm.exitValue() != 0
                    || !Files.isRegularFile(manifest)) {
                throw new IllegalStateException("npm could not install ws@" + WS_VERSION + "; see " + DIR.resolve("npm-install.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not install ws@" + WS_VERSION + " (is npm on PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A fresh relay; {@code url} is where browsers connect ({@code /client}) and hosts ({@code /host}). */
    record Relay(LineProcess process, URI url) implements AutoCloseable {
        URI clientUrl() {
            return url.resolve("/client");
        }

        @Override
        public void close() {
            process.close();
        }
    }

    static Relay relay() {
        LineProcess process = node(List.of("relay"));
        String line = process.await("relay ", START_LIMIT);
        return new Relay(process, URI.create("ws://127.0.0.1:" + line.substring("relay ".length()).strip()));
    }

    /** A fresh host stub for {@code machineId}, connected to the relay; its start time is in {@link Host#connectedMillis}. */
    record Host(LineProcess process, double connectedMillis) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    static Host host(Relay relay, String machineId) {
        LineProcess process = node(List.of("host", relay.url().toString(), machineId));
        process.await("host connected", START_LIMIT);
        return new Host(process, process.millisSinceLaunch());
    }

    private static LineProcess node(List<String> args) {
        var command = new java.util.ArrayList<>(List.of("node", SCRIPT.toString()));
        command.addAll(args);
        return LineProcess.start(command, Map.of("NODE_PATH", DIR.resolve("node_modules").toAbsolutePath().toString()));
    }
}
