package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.util.Optional;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.app.MachineInfo;
import net.flydex.helper.pairing.AddDeviceFlow;
import net.flydex.helper.pairing.PairFlow;
import net.flydex.helper.state.ControlFile;
import net.flydex.helper.state.HelperState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flydex pair}: link this desktop from a terminal. Uses the running helper, or starts one
 * in this process (which then keeps running, like {@code flydex run}). With {@code --device}, on a
 * desktop already paired: show a QR that adds one more trusted phone or browser.
 */
@Command(name = "pair", mixinStandardHelpOptions = true,
        description = "Link this desktop to your FlyDex account by scanning a QR code in the terminal.")
final class PairCommand extends HelperCommand {
    @Option(names = "--invert", description = "Draw the QR for a light terminal background.")
    boolean invert;

    @Option(names = "--device", description = "This desktop is paired already: show a QR that adds one more phone or browser.")
    boolean device;

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
        PairFlow.Outcome outcome = device ? addDevice(config, out)
                : new PairFlow(config.server(), MachineInfo.detect(), config.port(), out, invert).run();
        if (outcome == PairFlow.Outcome.PAIRED && ownHelper.isPresent()) {
            out.println("The helper keeps running here; stop it with Ctrl-C.");
            out.flush();
            ownHelper.get().awaitStop();
        }
        return outcome.exitCode;
    }

    /** {@code --device}: PAIRED once one more device is trusted. */
    private PairFlow.Outcome addDevice(HelperConfig config, PrintWriter out) throws Exception {
        Optional<HelperState.Pairing> pairing = HelperState.readPairing(config.stateDir()).filter(p -> !p.revoked());
        Optional<ControlFile> control = ControlFile.read(config.stateDir());
        if (pairing.isEmpty() || control.isEmpty()) {
            out.println("This desktop is not linked to a FlyDex account yet: run `flydex pair` first.");
            return PairFlow.Outcome.FAILED;
        }
        return new AddDeviceFlow(pairing.get(), control.get(), out, invert).run() ? PairFlow.Outcome.PAIRED : PairFlow.Outcome.EXPIRED;
    }
}
