package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.platform.PlatformPaths;
import net.flydex.helper.service.CommandRunner;
import net.flydex.helper.service.ServiceManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code flydex service install|uninstall|status}: the login service (systemd user unit, launchd agent, scheduled task). */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Start the helper at login, or stop doing so.",
        subcommands = {ServiceCommand.Install.class, ServiceCommand.Uninstall.class, ServiceCommand.Status.class})
final class ServiceCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static ServiceManager manager(PlatformPaths paths) {
        return ServiceManager.forPlatform(paths, CommandRunner.system(), System.getenv());
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install (or refresh) the login service and start the helper through it.")
    static final class Install extends HelperCommand {
        @Override
        public Integer call() throws Exception {
            HelperConfig config = options.config();
            PrintWriter out = out();
            // A helper started some other way would hold the port the service's helper needs.
            if (!StopCommand.stop(config, out)) {
                return StopCommand.EXIT_NOT_STOPPED;
            }
            PlatformPaths paths = PlatformPaths.current();
            return new BackgroundHelper(config, paths, manager(paths), out).start();
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Remove the login service (this stops the helper it started).")
    static final class Uninstall implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ServiceManager.Outcome outcome = manager(PlatformPaths.current()).uninstall();
            spec.commandLine().getOut().println("FlyDex login service: " + outcome.detail() + ".");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Whether the login service is installed and running.")
    static final class Status implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PlatformPaths paths = PlatformPaths.current();
            ServiceManager.Status status = manager(paths).status();
            PrintWriter out = spec.commandLine().getOut();
            out.println("FlyDex login service: " + (status.installed() ? "installed" : "not installed")
                    + (status.active() ? ", running" : ", not running"));
            out.println("  definition: " + paths.serviceFile() + (Files.exists(paths.serviceFile()) ? "" : " (absent)"));
            out.println("  " + status.managerSays());
            return status.installed() ? 0 : 1;
        }
    }
}
