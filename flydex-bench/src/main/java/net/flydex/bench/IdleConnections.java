package net.flydex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.flydex.protocol.Limits;
import net.flydex.server.accounts.Account;
import net.flydex.server.accounts.DeviceLabel;
import net.flydex.server.app.FlydexServer;
import tools.jackson.databind.JsonNode;

/**
 * Section 3: what idle connections cost the control plane. N simulated helpers, each paired by its
 * own local connect, hold {@code /ws/agent} open after the welcome, then N browsers, each with its
 * own session, hold {@code /ws/client} open subscribed to one of those machines. All of them live
 * in a second JVM ({@link IdleClients}), so this JVM, which runs the server, measures the server
 * alone: {@link ServerMemory} before, after the helpers, after the browsers.
 */
final class IdleConnections {
    /**
     * Machines per account: below the 30 local-connect starts an account may make in 10 minutes
     * ({@code LocalConnectRoutes.START_PER_ACCOUNT}, mirrored; it is package-private there).
     */
    static final int MACHINES_PER_ACCOUNT = 25;
    /** Client addresses 127.0.0.1 .. 127.0.0.HOSTS take turns as the sockets' destination. */
    static final int HOSTS = 4;
    /**
     * Each subscribe and each helper coming online sends the helper an {@code approvals/list}; one
     * the simulated helper leaves unanswered stays pending until {@code PendingRpcs.TIMEOUT}
     * (Codex's timeout + 10 s, mirrored) and the next once-a-second sweep. Waiting that long plus a
     * margin measures connections at rest, not pending requests.
     */
    static final Duration SETTLE = Limits.CODEX_REQUEST_TIMEOUT.plusSeconds(10).plusSeconds(5);
    private static final String PASSWORD = "correct horse battery staple";
    /** The local connects take a few milliseconds each; this bounds a hung server only. */
    private static final Duration PAIR_LIMIT = Duration.ofMinutes(15);
    private static final Duration OPEN_LIMIT = Duration.ofMinutes(5);
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(30);
    /** Lets the server finish closing the pairing's HTTP connections before the first snapshot. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    /** One snapshot and the connections opened since the previous one. */
    record Stage(String name, int opened, ServerMemory memory) {}

    /**
     * Accounts made for the run, the snapshots (before, +helpers, +browsers), and whether the
     * heap was pinned ({@link ServerMemory#heapPinned}), which makes RSS growth memory outside the heap.
     */
    record Result(int connectionsPerKind, int accounts, List<Stage> stages, boolean heapPinned) {}

    private IdleConnections() {}

    static Result run(ControlPlane plane, Path work, int n) {
        IdleClients.requireDescriptors(2L * n + IdleClients.SPARE_DESCRIPTORS);
        int accounts = (n + MACHINES_PER_ACCOUNT - 1) / MACHINES_PER_ACCOUNT;
        System.err.println("   signing up " + accounts + " accounts and creating " + (n + accounts) + " sessions in process...");
        Path tokens = work.resolve("idle-tokens.txt");
        writeTokens(plane.server.services(), tokens, n, accounts);
        String firstOwner = firstOwner(tokens);

        var stages = new ArrayList<Stage>();
        try (var clients = Child.launch(plane, tokens)) {
            clients.expect("registered " + n, PAIR_LIMIT);
            Pause.of(QUIET);
            stages.add(new Stage("before: " + n + " machines paired, no sockets", 0, ServerMemory.now()));

            clients.command("agents");
            clients.expect("agents " + n, OPEN_LIMIT);
            requireOnline(plane, firstOwner);
            System.err.println("   " + n + " helpers welcomed; idle for " + SETTLE.toSeconds() + " s...");
            Pause.of(SETTLE);
            stages.add(new Stage("+ " + n + " helpers on /ws/agent", n, ServerMemory.now()));

            clients.command("browsers");
            clients.expect("browsers " + n, OPEN_LIMIT);
            System.err.println("   " + n + " browsers subscribed; idle for " + SETTLE.toSeconds() + " s...");
            Pause.of(SETTLE);
            stages.add(new Stage("+ " + n + " browsers on /ws/client", n, ServerMemory.now()));
            // Every socket must still be open at the last snapshot (the server's pings and idle timeout included).
            clients.command("count");
            clients.expect("open " + n + " " + n, OPEN_LIMIT);
            requireOnline(plane, firstOwner);
            clients.command("close");
        }
        return new Result(n, accounts, stages, ServerMemory.heapPinned());
    }

    /**
     * Accounts and sessions are made on the server's own services, not over HTTP: sign-up allows 30
     * per address an hour, and sessions come from sign-ins, 10 per email. Everything about the
     * machines goes over HTTP, within the limits. Line i: the account's owner session, browser i's session.
     */
    private static void writeTokens(FlydexServer.Services services, Path file, int n, int accounts) {
        var lines = new ArrayList<String>();
        for (int a = 0; a < accounts; a++) {
            Account account = services.accounts().signup("idle-" + a + "@example.com", PASSWORD);
            String owner = services.sessions().create(account.id(), DeviceLabel.UNKNOWN).sessionToken();
            for (int m = a * MACHINES_PER_ACCOUNT; m < Math.min(n, (a + 1) * MACHINES_PER_ACCOUNT); m++) {
                lines.add(owner + " " + services.sessions().create(account.id(), DeviceLabel.UNKNOWN).sessionToken());
            }
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstOwner(Path tokens) {
        try {
            return Files.readAllLines(tokens).getFirst().split(" ")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first account's machines, as its owner lists them, must all show online. */
    private static void requireOnline(ControlPlane plane, String ownerToken) {
        JsonNode machines = Answers.expect(plane.browser().withBearer(ownerToken).get("/api/machines"), 200, "machine list")
                .body().path("machines");
        for (JsonNode machine : machines) {
            if (!machine.path("online").asBoolean()) {
                throw new IllegalStateException("a simulated helper is not online: " + machine);
            }
        }
    }

    /** The {@link IdleClients} JVM, spoken to in lines; closing it ends it for sure. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final Writer commands;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Child(Process process) {
            this.process = process;
            this.commands = process.outputWriter(StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().name("idle-clients-out").start(this::read);
        }

        static Child launch(ControlPlane plane, Path tokens) {
            var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), IdleClients.class.getName(),
                    plane.url.toString(), tokens.toString(), Integer.toString(HOSTS));
            try {
                return new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the client JVM", e);
            }
        }

        void command(String line) {
            try {
                commands.write(line + "\n");
                commands.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the client JVM is gone", e);
            }
        }

        void expect(String wanted, Duration limit) {
            try {
                String line = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null || !line.equals(wanted)) {
                    throw new IllegalStateException("the client JVM " + (line == null ? "did not say \"" + wanted + "\" within " + limit
                            : "said \"" + line + "\" instead of \"" + wanted + "\"") + (process.isAlive() ? "" : " (it exited)"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private void read() {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException gone) {
                // The process ended; expect() reports it.
            }
            lines.add("(the client JVM exited)");
        }

        @Override
        public void close() {
            try {
                commands.close();
            } catch (IOException alreadyGone) {
                // Closing stdin is how it learns to exit; it may have done so already.
            }
            try {
                if (!process.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
