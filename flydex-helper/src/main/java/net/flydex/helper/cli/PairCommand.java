package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.util.Optional;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.app.MachineInfo;
import net.flydex.helper.pairing.PairFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flydex pair}: link this desktop from a terminal. Uses the running helper, or starts one
 * in this process (which then keeps running, like {@code flydex run}).
 */
@Command(name = "pair", mixinStandardHelpOptions = true,
        description = "Link this desktop to your FlyDex account by scanning a QR code in the terminal.")
final class PairCommand extends HelperCommand {
    @Option(names = "--invert", description = "Draw the QR for a light terminal background.")
    boolean invert;

    @Override
    public Integer call() throws Exception {
        HelperConfig config = options.config();
        PrintWriter out = out();
        Optional<HelperRunner> ownHelper = Optional.empty();
        if (!(LocalHelper.probe(config.port()) instanceof LocalHelper.Probe.Helper)) {
            ownHelper = HelperRunner.start(config, out, err());
            if (ownHelper.isEmpty()) {
                return RunCommand.EXIT_PORT_IN_USE;
            }
        }
        PairFlow.Outcome outcome = new PairFlow(config.server(), MachineInfo.detect(), config.port(), out, invert).run();
        if (outcome == PairFlow.Outcome.PAIRED && ownHelper.isPresent()) {
            out.println("The helper keeps running here; stop it with Ctrl-C.");
            out.flush();
            ownHelper.get().awaitStop();
        }
        return outcome.exitCode;
    }
}
