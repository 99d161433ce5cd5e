package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import net.flydex.helper.logs.LogFiles;
import net.flydex.helper.platform.PlatformPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flydex logs}: the end of the helper's log (redacted when written; no secrets or content). */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show the helper's recent log lines.")
final class LogsCommand extends HelperCommand {
    @Option(names = {"-n", "--lines"}, defaultValue = "100", description = "How many lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        Path logDir = PlatformPaths.logDir(options.config().stateDir());
        var tail = LogFiles.tail(logDir, Math.max(1, lines));
        if (tail.isEmpty()) {
            out.println("No helper log yet in " + logDir + ".");
        }
        tail.forEach(out::println);
        return 0;
    }
}
