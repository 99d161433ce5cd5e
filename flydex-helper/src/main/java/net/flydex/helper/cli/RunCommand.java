package net.flydex.helper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Supplier;
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
    /** sysexits.h EX_IOERR: the state directory holds a file the helper cannot use (a damaged key or device list). */
    static final int EXIT_STATE_UNUSABLE = 74;


    @Override
    public Integer call() throws Exception {
        return run(options.config(), this::out, this::err);
    }

    /**
     * The state lock, the port and Codex's spawn come first: they decide whether this helper runs at
     * all, and Codex's own start is the longest part of being ready, so it begins before anything
     * else and has the cores to itself until it has answered (at most {@code HelperApp.CODEX_FIRST});
     * the warm-ups, the log tee and the rest of the helper follow. The streams are asked
     * for once the tee is in place, so what they print - a refusal too - reaches the log.
     */
    static int run(HelperConfig config, Supplier<PrintWriter> out, Supplier<PrintWriter> err) throws Exception {
        HelperRunner.Begun begun = HelperRunner.begin(config);
        StartupWarmup.beginJsonAndKeys();
        LogTee.install(PlatformPaths.logDir(config.stateDir()));
        Optional<HelperRunner> runner;
        try {
            runner = begun.finish(out.get(), err.get());
        } catch (IOException unusable) {
            // Said in a line, not a stack trace; the file is left as it was, for the person to look at.
            begun.app().close();
            err.get().println("flydex: " + unusable.getMessage() + ". The helper did not start.");
            err.get().flush();
            return EXIT_STATE_UNUSABLE;
        }
        if (runner.isEmpty()) {
            return EXIT_PORT_IN_USE;
        }
        runner.get().awaitStop();
        return 0;
    }
}
