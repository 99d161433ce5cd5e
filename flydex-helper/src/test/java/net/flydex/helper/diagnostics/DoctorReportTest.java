package net.flydex.helper.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.flydex.helper.platform.PlatformPaths;
import net.flydex.helper.service.ServiceManager;
import net.flydex.helper.state.HelperState;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor report says what support needs and nothing secret, whatever the logs and Codex messages hold. */
class DoctorReportTest {
    @TempDir
    Path home;

    @Test
    void theReportHasTheFactsAndNoSecrets() throws Exception {
        Path stateDir = home.resolve("state");
        HelperState state = HelperState.open(stateDir);
        state.paired("mch_doctor1", "https://flydex.test");
        String key = Files.readString(stateDir.resolve("machine-key.pem"));
        Path logs = Files.createDirectories(PlatformPaths.logDir(stateDir));
        Files.writeString(logs.resolve("flydex.log"), String.join("\n",
                "2026-11-24T17:00:00Z INFO HelperApp - codex ready",
                "2026-11-24T17:00:01Z WARN ConnectFlow - refused {\"connectToken\":\"tok_CANARYconnect\"}",
                "2026-11-24T17:00:02Z ERROR LocalApiHandler - Bearer CANARYbearerTokenValue123456",
                "2026-11-24T17:00:03Z WARN PairFlow - see " + home + "/pair#CANARYclaim for ada@example.com", ""));
        var health = WireJson.mapper().readTree("""
                {"status":"ok","version":"0.1.0","helper":{"state":"running"},"bridge":{"state":"connected"},
                 "runtime":{"codex":"error","codexVersion":"0.169.0","codexMode":"private",
                 "message":"codex failed: token=CANARYcodexMessage"},"machine":{"paired":true}}""");
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        String report = new DoctorReport(new Redactor(home.toString())).render(new DoctorReport.Inputs(stateDir, 48163,
                URI.create("http://127.0.0.1:" + closedPort), Optional.of(health),
                new ServiceManager.Status(true, false, "systemctl --user is-active flydex.service: inactive"), "npx flydex"));

        assertThat(report).contains("flydex:", "java:", "os:", "mch_doctor1", state.identity().fingerprint(), "control plane: connected",
                "codex:         error 0.169.0, mode private", "service:       installed, not running", "unreachable",
                "WARN ConnectFlow", "ERROR LocalApiHandler");
        assertThat(report).doesNotContain("CANARY", "ada@example.com", home.toString(), "PRIVATE KEY");
        for (String keyLine : key.lines().filter(l -> !l.startsWith("-----")).toList()) {
            assertThat(report).doesNotContain(keyLine);
        }
        assertThat(report).doesNotContain("INFO HelperApp").as("only warnings and errors are quoted");
    }
}
