package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.flydex.helper.logs.LogFiles;
import net.flydex.helper.platform.PlatformPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flydex logs}: the end of the helper's log (redacted when written; no secrets or content). */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show the helper's recent log lines.")
final class LogsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HelperOptions options;

    @Option(names = {"-n", "--lines"}, defaultValue = "100", description = "How many lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path logDir = PlatformPaths.logDir(options.config().stateDir());
        var tail = LogFiles.tail(logDir, Math.max(1, lines));
        if (tail.isEmpty()) {
            out.println("No helper log yet in " + logDir + ".");
        }
        tail.forEach(out::println);
        return 0;
    }
}
