package net.flydex.server.pairing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.pairing.PairingApi.Claim;
import org.junit.jupiter.api.Test;

/** T12: claim codes, poll tokens and machine names stay out of the logs; the secrets stay out of the database. */
class PairingLeaksTest {
    private static final String CANARY_NAME = "canary-machine-5f3b9e";

    @Test
    void aWholePairingIncludingItsFailuresLeavesNoSecretInLogsOrDatabaseFiles() throws Exception {
        var logs = new ByteArrayOutputStream();
        PrintStream err = System.err;
        PrintStream out = System.out;
        var capture = new PrintStream(logs, true, UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        List<String> secrets;
        try (ServerHarness harness = ServerHarness.sqlite()) {
            var desktop = new PairingApi(harness.cli());
            var phone = new PairingApi(harness.signedUpBrowser("leak@example.com"));
            Claim claim = desktop.createClaim(CANARY_NAME, "linux-x64");
            phone.inspect(claim.code());
            phone.approve(claim.code());
            phone.approve(claim.code());
            phone.client().raw("POST", PairingApi.CLAIMS + "/approve", "application/json",
                    ("{\"claimCode\":\"" + claim.code() + "\"").getBytes(UTF_8));
            String sessionToken = desktop.statusWithTokens(claim.pollToken()).body().path("sessionToken").asString();
            desktop.status(claim.pollToken());
            desktop.create(CANARY_NAME + "\n", "linux-x64");
            secrets = List.of(claim.code(), claim.pollToken(), sessionToken);

            assertThat(sessionToken).isNotBlank();
            assertThat(databaseFiles(harness.dataDir)).doesNotContain(secrets);
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        assertThat(logs.toString(UTF_8)).as("the server did log, just not these").contains("Javalin")
                .doesNotContain(secrets).doesNotContain(CANARY_NAME);
    }

    /** Every byte SQLite wrote (main file and WAL), as text, so a search finds any stored token. */
    private static String databaseFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile).map(PairingLeaksTest::read).reduce("", String::concat);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
