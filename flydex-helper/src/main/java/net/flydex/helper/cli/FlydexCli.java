package net.flydex.helper.cli;

import net.flydex.helper.HelperVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code flydex}: the FlyDex desktop helper. */
@Command(name = "flydex", mixinStandardHelpOptions = true, versionProvider = FlydexCli.Version.class,
        description = "Keeps your Codex threads and approvals within reach of your phone.",
        subcommands = {RunCommand.class, StatusCommand.class, PairCommand.class})
public final class FlydexCli implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        return new CommandLine(new FlydexCli()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flydex " + HelperVersion.get()};
        }
    }
}
