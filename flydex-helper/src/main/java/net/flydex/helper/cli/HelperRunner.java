package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import net.flydex.helper.app.HelperApp;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.app.MachineInfo;

/** Starts a helper in this process and keeps it until the process is told to stop. */
final class HelperRunner {
    private final HelperApp app;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private HelperRunner(HelperApp app) {
        this.app = app;
    }

    /** Empty (after saying why on {@code err}) when the port is taken. */
    static Optional<HelperRunner> start(HelperConfig config, PrintWriter out, PrintWriter err) throws Exception {
        var app = new HelperApp(config, MachineInfo.detect());
        try {
            app.start();
        } catch (BindException portTaken) {
            err.println("flydex: " + portTaken.getMessage());
            err.flush();
            app.close();
            return Optional.empty();
        }
        var runner = new HelperRunner(app);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            runner.stopped.countDown();
        }, "flydex-shutdown"));
        out.println("flydex helper ready on http://127.0.0.1:" + app.port() + " (codex mode " + config.codex().mode().wire()
                + ", state " + config.stateDir() + ")");
        out.flush();
        return Optional.of(runner);
    }

    void awaitStop() throws InterruptedException {
        stopped.await();
    }
}
