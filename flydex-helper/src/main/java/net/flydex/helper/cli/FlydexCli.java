package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.HelperVersion;
import net.flydex.helper.logs.HelperLogging;
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
            UnpairCommand.class, DevicesCommand.class, ServiceCommand.class, LogsCommand.class, DoctorCommand.class})
public final class FlydexCli implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelperOptions options;

    public static void main(String[] args) throws Exception {
        HelperLogging.select();
        QuietClients.apply();
        System.exit(args.length > 0 && args[0].equals("run") ? run(List.of(args).subList(1, args.length)) : execute(args));
    }

    /** {@code run} with arguments {@link RunArgs} can read starts without building picocli's model; others go through picocli. */
    private static int run(List<String> args) throws Exception {
        StartupWarmup.beginLogging();
        Optional<HelperConfig> config = RunArgs.parse(args, System.getenv());
        if (config.isEmpty()) {
            var all = new ArrayList<String>(List.of("run"));
            all.addAll(args);
            return execute(all.toArray(String[]::new));
        }
        return RunCommand.run(config.get(), () -> new PrintWriter(System.out, true), () -> new PrintWriter(System.err, true));
    }

    /** Runs the command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The parser. A device id is base64url and one in 64 starts with '-': under {@code devices} an
     * argument that is no option of the command is taken as the id it is. Picocli still reads an id
     * starting with "-h" or "-V" (2 in 4,096) as the help or version option; {@code --} before the
     * id, picocli's end of options, passes those too.
     */
    static CommandLine commandLine() {
        var line = new CommandLine(new FlydexCli());
        // Picocli registers the setting with the whole subtree: revoke and rename included.
        line.getSubcommands().get("devices").setUnmatchedOptionsArePositionalParams(true);
        return line;
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
