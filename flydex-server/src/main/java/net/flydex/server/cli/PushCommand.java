package net.flydex.server.cli;

import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.flydex.server.push.VapidKeys;
import net.flydex.server.storage.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code flydex-server push ...}: operator commands for Web Push, run against the database the nodes share. */
@Command(name = "push", mixinStandardHelpOptions = true, subcommands = PushCommand.RotateVapid.class,
        description = "Web Push administration.")
final class PushCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rotate-vapid", mixinStandardHelpOptions = true,
            description = "Replace the deployment's VAPID key pair and delete every push subscription; browsers subscribe again "
                    + "with the new key on their next visit. Running nodes sign with the new key from their next push.")
    static final class RotateVapid implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Override
        public Integer call() {
            if (database.databaseUrl == null && !Files.exists(database.dataDir.resolve("flydex.db"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no FlyDex database in " + database.dataDir + " (--data-dir)");
            }
            try (Database opened = Database.open(Optional.ofNullable(database.databaseUrl), database.dataDir)) {
                String publicKey = VapidKeys.rotate(opened.jdbi(), Clock.systemUTC());
                spec.commandLine().getOut().println("flydex-server: new VAPID public key " + publicKey
                        + "; every push subscription was deleted, browsers subscribe again on their next visit");
            }
            return 0;
        }
    }
}
