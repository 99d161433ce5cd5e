package net.flydex.helper.cli;

import java.util.Optional;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.logs.LogTee;
import net.flydex.helper.platform.PlatformPaths;
import picocli.CommandLine.Command;

/**
 * {@code flydex run}: the helper in the foreground, until it is stopped. What it prints also goes,
 * redacted, to the rotating log in {@code <state dir>/logs} ({@code flydex logs}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the helper in the foreground.")
final class RunCommand extends HelperCommand {
    static final int EXIT_PORT_IN_USE = 3;


    @Override
    public Integer call() throws Exception {
        HelperConfig config = options.config();
        LogTee.install(PlatformPaths.logDir(config.stateDir()));
        Optional<HelperRunner> runner = HelperRunner.start(config, out(), err());
        if (runner.isEmpty()) {
            return EXIT_PORT_IN_USE;
        }
        runner.get().awaitStop();
        return 0;
    }
}
