package net.flydex.helper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import net.flydex.helper.app.HelperApp;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.app.MachineInfo;
import net.flydex.helper.state.ControlFile;
import net.flydex.helper.state.StateLock;

/** Starts a helper in this process and keeps it until the process is told to stop (a signal, or {@code flydex stop}). */
final class HelperRunner {
    private final HelperApp app;
    private final CountDownLatch stopped;

    private HelperRunner(HelperApp app, CountDownLatch stopped) {
        this.app = app;
        this.stopped = stopped;
    }

    /**
     * Empty (after saying why on {@code err}) when the port is taken - by another FlyDex helper, or
     * another program - or another helper uses this state directory.
     */
    static Optional<HelperRunner> start(HelperConfig config, PrintWriter out, PrintWriter err) throws IOException {
        return begin(config).finish(out, err);
    }

    /**
     * The first step of {@link #start} ({@link HelperApp#begin}: the state lock, the port, Codex
     * spawned and given time to answer), which decides whether this helper runs at all. What the caller does before
     * {@link Begun#finish} runs while Codex starts.
     */
    static Begun begin(HelperConfig config) throws IOException {
        var stopped = new CountDownLatch(1);
        var app = new HelperApp(config, MachineInfo::detect, stopped::countDown);
        try {
            app.begin();
            return new Begun(config, app, stopped, Optional.empty());
        } catch (BindException | StateLock.HeldElsewhere refused) {
            app.close();
            return new Begun(config, app, stopped, Optional.of(refused));
        }
    }

    /** A helper past {@link #begin}; {@code refused} says why it may not run, if it may not. */
    record Begun(HelperConfig config, HelperApp app, CountDownLatch stopped, Optional<IOException> refused) {
        /** Starts the rest of the helper, or (empty) says on {@code err} why it may not run. */
        Optional<HelperRunner> finish(PrintWriter out, PrintWriter err) throws IOException {
            if (refused.isPresent()) {
                err.println(refusal(config, refused.get()));
                err.flush();
                return Optional.empty();
            }
            app.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "flydex-shutdown"));
            out.println("flydex helper ready on http://127.0.0.1:" + app.port() + " (codex mode " + config.codex().mode().wire()
                    + ", state " + config.stateDir() + ")");
            out.flush();
            return Optional.of(new HelperRunner(app, stopped));
        }
    }

    private static String refusal(HelperConfig config, IOException refused) {
        // Usually the same helper holds the port too: then the port message names it best.
        if (refused instanceof BindException) {
            return portTakenMessage(config.port());
        }
        LocalHelper.Probe probe = LocalHelper.probe(config.port());
        if (probe instanceof LocalHelper.Probe.Helper || probe instanceof LocalHelper.Probe.Starting) {
            return portTakenMessage(config.port(), probe);
        }
        return "flydex: " + refused.getMessage() + ControlFile.read(config.stateDir())
                .map(c -> " (pid " + c.pid() + ", port " + c.port() + ")").orElse("")
                + ". `flydex stop` stops it; use another --state-dir for a second helper.";
    }

    /** Who holds the port, in words: a FlyDex helper (which one) or some other program. */
    static String portTakenMessage(int port) {
        return portTakenMessage(port, LocalHelper.probe(port));
    }

    static String portTakenMessage(int port, LocalHelper.Probe probe) {
        return switch (probe) {
            case LocalHelper.Probe.Helper helper -> "flydex: a FlyDex helper (version " + helper.health().path("version").asString("?")
                    + ") is already running on 127.0.0.1:" + port + ". `flydex status` shows it; `flydex stop` stops it.";
            // Only a FlyDex helper answers "starting"; one that keeps saying so is stuck, not another program.
            case LocalHelper.Probe.Starting starting -> "flydex: a FlyDex helper (version " + starting.health().path("version").asString("?")
                    + ") is still starting on 127.0.0.1:" + port + " after " + LocalHelper.START_TIMEOUT.toSeconds()
                    + " s; `flydex logs` shows what it is doing.";
            case LocalHelper.Probe.Foreign foreign -> "flydex: port " + port + " on 127.0.0.1 is taken by another program, "
                    + "not a FlyDex helper. Stop that program, or run FlyDex on another port with --port (or FLYDEX_PORT).";
            case LocalHelper.Probe.Free free -> "flydex: port " + port + " on 127.0.0.1 was in use a moment ago; try again.";
        };
    }

    /** Until a signal or {@code flydex stop}; the process then exits and its shutdown hook closes the helper. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }
}
