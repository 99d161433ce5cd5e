package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.Optional;
import net.flydex.helper.HelperVersion;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.state.HelperState;
import net.flydex.helper.uplink.SelfRevoke;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flydex unpair}: stop the helper, have the server revoke this machine (authenticated by
 * the machine key on {@code /ws/agent}, no browser), then forget the local identity. If the server
 * cannot be reached nothing local is deleted, unless {@code --force}.
 */
@Command(name = "unpair", mixinStandardHelpOptions = true,
        description = "Remove this desktop from its FlyDex account and forget its identity.")
final class UnpairCommand extends HelperCommand {
    static final int EXIT_NOT_REVOKED = 1;


    @Option(names = "--force", description = "Forget the identity even if the server cannot be reached "
            + "(remove the machine in the web app afterwards).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        HelperConfig config = options.config();
        PrintWriter out = out();
        Optional<HelperState> state = HelperState.openExisting(config.stateDir());
        Optional<HelperState.Pairing> pairing = state.flatMap(HelperState::pairing);
        if (pairing.isEmpty()) {
            out.println("This desktop is not linked to a FlyDex account; nothing to do.");
            return 0;
        }
        if (!StopCommand.stop(config, out)) {
            return EXIT_NOT_REVOKED;
        }
        SelfRevoke.Outcome outcome = pairing.get().revoked() ? SelfRevoke.Outcome.ALREADY_GONE
                : SelfRevoke.run(URI.create(pairing.get().server()), pairing.get().machineId(), state.get().identity(), HelperVersion.get());
        switch (outcome) {
            case REVOKED -> out.println("The server removed machine " + pairing.get().machineId() + " from its account.");
            case ALREADY_GONE -> out.println("The server had already removed machine " + pairing.get().machineId() + ".");
            case FAILED -> {
                if (!force) {
                    out.println("flydex: could not reach " + pairing.get().server() + " to remove this machine; nothing was changed. "
                            + "Try again, or use --force and remove it in the web app.");
                    return EXIT_NOT_REVOKED;
                }
                out.println("Could not reach " + pairing.get().server() + "; forgetting the identity anyway (--force). "
                        + "Remove machine " + pairing.get().machineId() + " in the web app.");
            }
        }
        state.get().forget();
        out.println("Forgot this desktop's identity. `" + BackgroundHelper.invokedAs()
                + "` starts the helper again, unlinked, ready to pair.");
        return 0;
    }
}
