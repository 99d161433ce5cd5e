package net.flydex.helper.cli;

import java.util.concurrent.Callable;
import net.flydex.helper.HelperVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code flydex}: the FlyDex desktop helper. With no command it does what {@code start} does:
 * the helper in the background and at login, and what to do next.
 */
@Command(name = "flydex", mixinStandardHelpOptions = true, versionProvider = FlydexCli.Version.class,
        description = "Keeps your Codex threads and approvals within reach of your phone. "
                + "With no command: start the helper in the background and at login.",
        subcommands = {StartCommand.class, RunCommand.class, StatusCommand.class, StopCommand.class, PairCommand.class,
            UnpairCommand.class, ServiceCommand.class, LogsCommand.class, DoctorCommand.class})
public final class FlydexCli implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelperOptions options;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        return new CommandLine(new FlydexCli()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        return StartCommand.start(options.config(), spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flydex " + HelperVersion.get()};
        }
    }
}
