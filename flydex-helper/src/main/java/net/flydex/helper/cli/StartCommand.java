package net.flydex.helper.cli;

import java.io.PrintWriter;
import net.flydex.helper.HelperVersion;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.platform.PlatformPaths;
import net.flydex.helper.service.CommandRunner;
import net.flydex.helper.service.ServiceManager;
import net.flydex.helper.state.ControlFile;
import picocli.CommandLine.Command;

/**
 * {@code flydex start}, and {@code flydex} with no command (what {@code npx flydex@latest} runs):
 * make sure the helper runs in the background and starts at login, then say what to do next. A
 * helper already running is reported, not started twice - unless it is an older version, which
 * is stopped and replaced (the upgrade path; its state directory, and so its identity, stays).
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the helper in the background and at login (the default command).")
final class StartCommand extends HelperCommand {
    @Override
    public Integer call() throws Exception {
        return start(options.config(), out());
    }

    static int start(HelperConfig config, PrintWriter out) throws Exception {
        PlatformPaths paths = PlatformPaths.current();
        var background = new BackgroundHelper(config, paths, ServiceManager.forPlatform(paths, CommandRunner.system(), System.getenv()), out);
        switch (LocalHelper.probe(config.port())) {
            case LocalHelper.Probe.Foreign foreign -> {
                out.println(HelperRunner.portTakenMessage(config.port(), foreign));
                return RunCommand.EXIT_PORT_IN_USE;
            }
            case LocalHelper.Probe.Starting starting -> {
                out.println(HelperRunner.portTakenMessage(config.port(), starting));
                return RunCommand.EXIT_PORT_IN_USE;
            }
            case LocalHelper.Probe.Helper running -> {
                String version = running.health().path("version").asString("?");
                var control = ControlFile.read(config.stateDir()).filter(c -> c.port() == config.port());
                if (version.equals(HelperVersion.get()) || control.isEmpty()) {
                    out.println("FlyDex helper " + version + " is already running on http://127.0.0.1:" + config.port()
                            + " (control plane: " + running.health().path("bridge").path("state").asString("?") + ").");
                    background.nextSteps(running.health());
                    return 0;
                }
                out.println("FlyDex helper " + version + " is running; replacing it with " + HelperVersion.get() + ".");
                out.flush();
                if (!LocalHelper.stop(control.get())) {
                    out.println("flydex: the running helper did not stop; try `" + BackgroundHelper.invokedAs() + " stop`.");
                    return BackgroundHelper.EXIT_NOT_STARTED;
                }
                return background.start();
            }
            case LocalHelper.Probe.Free free -> {
                return background.start();
            }
        }
    }
}
