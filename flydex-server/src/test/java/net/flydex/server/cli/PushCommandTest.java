package net.flydex.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.storage.Database;
import net.flydex.testkit.FakePushService;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code flydex-server push rotate-vapid} and the push flags of {@code serve}, as an operator runs them. */
class PushCommandTest {
    @Test
    void rotateVapidReplacesTheKeyOnTheNodesDatabaseAndDropsItsSubscriptions() throws Exception {
        String before;
        Path dataDir;
        try (var push = FakePushService.start(); var harness = ServerHarness.withPush(Backend.SQLITE, push.prefix())) {
            var phone = harness.signedUpBrowser("ada@example.com");
            assertThat(phone.post("/api/push/subscriptions", push.newBrowser().toJson()).status()).isEqualTo(201);
            before = harness.cli().get("/api/push/key").body().path("publicKey").asString();
            dataDir = harness.dataDir;
        }
        var out = new StringWriter();
        int exit = new CommandLine(new ServerCli()).setOut(new PrintWriter(out)).execute("push", "rotate-vapid", "--data-dir", dataDir.toString());

        assertThat(exit).isZero();
        try (Database database = Database.open(java.util.Optional.empty(), dataDir)) {
            String after = database.jdbi().withHandle(h -> h.createQuery("SELECT public_key FROM push_vapid_keys").mapTo(String.class).one());
            assertThat(after).isNotEqualTo(before);
            assertThat(out.toString()).contains(after);
            int left = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM push_subscriptions").mapTo(Integer.class).one());
            assertThat(left).isZero();
        }
    }

    @Test
    void rotateVapidRefusesADirectoryWithoutADatabaseAndServeRefusesBadPushFlags() throws Exception {
        var err = new StringWriter();
        Path empty = Files.createTempDirectory("flydex-no-db");
        assertThat(new CommandLine(new ServerCli()).setErr(new PrintWriter(err)).execute("push", "rotate-vapid", "--data-dir", empty.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no FlyDex database");
        assertThat(Files.list(empty)).isEmpty();

        for (String[] flags : new String[][] {{"--push-allow-endpoint", "ftp://push.example.com/"}, {"--push-allow-endpoint", "https://push.example.com"},
                {"--push-allow-endpoint", "https://user@push.example.com/"}, {"--push-contact", "ops@example.com"}}) {
            var refused = new StringWriter();
            String[] args = {"serve", "--port", "0", "--data-dir", empty.toString(), flags[0], flags[1]};
            assertThat(new CommandLine(new ServerCli()).setErr(new PrintWriter(refused)).execute(args)).as(String.join(" ", flags)).isEqualTo(2);
            assertThat(refused.toString()).contains(flags[0]);
        }
    }
}
