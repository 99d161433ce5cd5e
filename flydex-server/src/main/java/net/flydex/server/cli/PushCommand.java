package net.flydex.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.flydex.server.push.VapidKeys;
import net.flydex.server.storage.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

        @Option(names = "--data-dir", defaultValue = "${env:FLYDEX_DATA_DIR:-./flydex-data}",
                description = "Where the SQLite database lives (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--database-url", defaultValue = "${env:FLYDEX_DATABASE_URL}",
                description = "PostgreSQL JDBC URL of the cluster; without it, SQLite in the data dir.")
        String databaseUrl;

        @Override
        public Integer call() {
            if (databaseUrl == null && !Files.exists(dataDir.resolve("flydex.db"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no FlyDex database in " + dataDir + " (--data-dir)");
            }
            try (Database database = Database.open(Optional.ofNullable(databaseUrl), dataDir)) {
                String publicKey = VapidKeys.rotate(database.jdbi(), Clock.systemUTC());
                spec.commandLine().getOut().println("flydex-server: new VAPID public key " + publicKey
                        + "; every push subscription was deleted, browsers subscribe again on their next visit");
            }
            return 0;
        }
    }
}
