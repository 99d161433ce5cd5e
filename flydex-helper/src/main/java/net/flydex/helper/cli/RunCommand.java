package net.flydex.helper.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code flydex run}: the helper in the foreground, until it is stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the helper in the foreground.")
final class RunCommand implements Callable<Integer> {
    static final int EXIT_PORT_IN_USE = 3;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HelperOptions options;

    @Override
    public Integer call() throws Exception {
        Optional<HelperRunner> runner = HelperRunner.start(options.config(), spec.commandLine().getOut(), spec.commandLine().getErr());
        if (runner.isEmpty()) {
            return EXIT_PORT_IN_USE;
        }
        runner.get().awaitStop();
        return 0;
    }
}
