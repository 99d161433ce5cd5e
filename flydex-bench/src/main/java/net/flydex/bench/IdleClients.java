package net.flydex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The client side of the relay bench's idle connections, in a JVM of its own so that the
 * server's JVM holds the server's memory only. {@link IdleConnections} starts it with
 * {@code SERVER_URL TOKENS_FILE HOSTS}; each line of the tokens file is
 * {@code OWNER_SESSION BROWSER_SESSION} for one machine, lines of one account together.
 *
 * <p>It talks to its parent in lines: it pairs a {@link SimulatedAgent} per line and prints
 * {@code registered N}; on {@code agents} from stdin it opens every {@code /ws/agent} and prints
 * {@code agents N} once all are welcomed; on {@code browsers} it opens a {@link SimulatedBrowser}
 * per machine and prints {@code browsers N} once all are subscribed; on {@code count} it prints
 * {@code open A B}, the helpers and browsers whose sockets are still open; on {@code close} (or when
 * stdin ends: the parent is gone) it exits, which closes every socket. Progress goes to stderr.
 * Sockets go to 127.0.0.1 .. 127.0.0.HOSTS in turn, spreading them over more address pairs.
 */
public final class IdleClients {
    /** Connections opened together: well inside the server's accept backlog. */
    static final int WAVE = 50;
    /**
     * Accounts whose local connects run at the same time (each account's in order). One: with four,
     * the node on SQLite now and then answered 500, its {@code BEGIN IMMEDIATE} failing with
     * SQLITE_BUSY (database is locked) despite its busy_timeout; a server matter this bench reports
     * rather than measures.
     */
    private static final int PAIRING_THREADS = 1;
    /** Threads the JDK client runs socket callbacks on; idle sockets need next to none. */
    private static final int CALLBACK_THREADS = 4;
    /** A wave takes milliseconds; this bounds a hung server only. */
    private static final Duration WAVE_LIMIT = Duration.ofSeconds(60);
    /** Bounds the whole process, should its parent never tell it to stop. */
    private static final Duration LIFETIME = Duration.ofMinutes(30);
    /** Descriptors beyond the sockets: the JVM's own files, jars, the HTTP pool. */
    static final int SPARE_DESCRIPTORS = 200;
    private static final int USAGE = 2;

    private IdleClients() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: IdleClients SERVER_URL TOKENS_FILE HOSTS (started by RelayBench)");
            System.exit(USAGE);
        }
        Thread.ofPlatform().daemon().name("idle-clients-lifetime").start(() -> {
            Pause.of(LIFETIME);
            System.err.println("IdleClients: still running after " + LIFETIME + "; stopping");
            Runtime.getRuntime().halt(1);
        });
        URI server = URI.create(args[0]);
        List<String[]> lines = Files.readAllLines(Path.of(args[1])).stream().map(line -> line.split(" ")).toList();
        int hosts = BenchOptions.wholeNumber("HOSTS", args[2]);
        requireDescriptors(2 * lines.size() + SPARE_DESCRIPTORS);
        var commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        List<SimulatedAgent> agents = pair(server, lines);
        System.out.println("registered " + agents.size());
        ExecutorService callbacks = Executors.newFixedThreadPool(CALLBACK_THREADS, Thread.ofPlatform().daemon().factory());
        HttpClient sockets = HttpClient.newBuilder().executor(callbacks).build();

        awaitCommand(commands, "agents");
        openInWaves(agents.size(), i -> agents.get(i).connect(sockets, socketUri(server, hosts, i, "/ws/agent")), "agents");
        System.out.println("agents " + agents.size());

        awaitCommand(commands, "browsers");
        var browsers = new ArrayList<SimulatedBrowser>();
        agents.forEach(agent -> browsers.add(new SimulatedBrowser(agent.machineId())));
        openInWaves(agents.size(), i -> browsers.get(i).connect(sockets, socketUri(server, hosts, i, "/ws/client"), server,
                lines.get(i)[1]), "browsers");
        System.out.println("browsers " + agents.size());

        awaitCommand(commands, "count");
        System.out.println("open " + agents.stream().filter(SimulatedAgent::isOpen).count() + " "
                + browsers.stream().filter(SimulatedBrowser::isOpen).count());

        awaitCommand(commands, "close");
        // Exiting closes every socket; the server sees them go as a crashed client's would.
        System.exit(0);
    }

    /** One local connect per line; {@link #PAIRING_THREADS} accounts at a time, each account's connects one after another. */
    private static List<SimulatedAgent> pair(URI server, List<String[]> lines) throws InterruptedException {
        Map<String, List<Integer>> byOwner = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            byOwner.computeIfAbsent(lines.get(i)[0], owner -> new ArrayList<>()).add(i);
        }
        var agents = new ArrayList<SimulatedAgent>();
        for (int i = 0; i < lines.size(); i++) {
            agents.add(new SimulatedAgent());
        }
        long started = System.nanoTime();
        // HTTP/1.1 as the page and the helper speak it to FlyDex over plain HTTP.
        try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                ExecutorService pool = Executors.newFixedThreadPool(PAIRING_THREADS)) {
            var done = new ArrayList<CompletableFuture<Void>>();
            byOwner.forEach((owner, indexes) -> done.add(CompletableFuture.runAsync(() -> {
                for (int i : indexes) {
                    agents.get(i).pair(http, server, owner);
                }
            }, pool)));
            for (int i = 0; i < done.size(); i++) {
                done.get(i).join();
                if ((i + 1) % 20 == 0 || i + 1 == done.size()) {
                    System.err.printf("   local connects: %d accounts of %d done (%.0f s)%n", i + 1, done.size(),
                            (System.nanoTime() - started) / 1e9);
                }
            }
        }
        return agents;
    }

    /** Opens {@code count} connections {@link #WAVE} at a time; each wave must be complete before the next. */
    private static void openInWaves(int count, IntFunction<CompletableFuture<Void>> open, String what) {
        long started = System.nanoTime();
        for (int from = 0; from < count; from += WAVE) {
            var wave = new ArrayList<CompletableFuture<Void>>();
            for (int i = from; i < Math.min(from + WAVE, count); i++) {
                wave.add(open.apply(i));
            }
            try {
                CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new)).get(WAVE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(what + " " + from + ".." + (from + wave.size()) + " did not all open within "
                        + WAVE_LIMIT, e);
            }
            int opened = Math.min(from + WAVE, count);
            if (opened % 1000 == 0 || opened == count) {
                System.err.printf("   %s open: %d of %d (%.1f s)%n", what, opened, count, (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /** ws://127.0.0.H:PORT/path, H going round 1..hosts: the server listens on all addresses. */
    private static URI socketUri(URI server, int hosts, int i, String path) {
        return URI.create("ws://127.0.0." + (1 + i % hosts) + ":" + server.getPort() + path);
    }

    private static void awaitCommand(BufferedReader commands, String wanted) {
        try {
            String line = commands.readLine();
            if (line == null) {
                System.exit(0); // The parent is gone.
            }
            if (!line.strip().equals(wanted)) {
                throw new IllegalStateException("expected the command " + wanted + ", got " + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops early, saying what to do, when this process may not open that many files. */
    static void requireDescriptors(long needed) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                && unix.getMaxFileDescriptorCount() < needed) {
            throw new IllegalStateException("this process may open " + unix.getMaxFileDescriptorCount() + " files but needs "
                    + needed + ": raise the limit (ulimit -n " + needed + ") or lower --connections");
        }
    }
}
