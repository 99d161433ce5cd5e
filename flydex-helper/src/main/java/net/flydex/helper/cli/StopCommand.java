package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.util.Optional;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.state.ControlFile;
import picocli.CommandLine.Command;

/**
 * {@code flydex stop}: stops the running helper through its local API, with the secret from the
 * control file in its state directory. A login service stays installed: the helper comes back at
 * the next login, or with {@code flydex}.
 */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the running helper.")
final class StopCommand extends HelperCommand {
    static final int EXIT_NOT_STOPPED = 1;


    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        return stop(options.config(), out) ? 0 : EXIT_NOT_STOPPED;
    }

    /** True when no helper of this state directory runs any more. */
    static boolean stop(HelperConfig config, PrintWriter out) throws Exception {
        Optional<ControlFile> control = ControlFile.read(config.stateDir());
        if (control.isEmpty() || !(LocalHelper.probe(control.get().port()) instanceof LocalHelper.Probe.Helper)) {
            LocalHelper.Probe onPort = LocalHelper.probe(config.port());
            if (onPort instanceof LocalHelper.Probe.Starting) {
                out.println(HelperRunner.portTakenMessage(config.port(), onPort));
                return false;
            }
            if (onPort instanceof LocalHelper.Probe.Helper) {
                out.println("flydex: a helper runs on 127.0.0.1:" + config.port() + ", but not with the state directory "
                        + config.stateDir() + "; stop it with the --state-dir it was started with.");
                return false;
            }
            out.println("The FlyDex helper is not running.");
            return true;
        }
        if (!LocalHelper.stop(control.get())) {
            out.println("flydex: the helper (pid " + control.get().pid() + ") did not stop within "
                    + LocalHelper.STOP_TIMEOUT.toSeconds() + " s.");
            return false;
        }
        out.println("Stopped the FlyDex helper (pid " + control.get().pid() + ").");
        return true;
    }
}
