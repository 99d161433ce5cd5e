package net.flydex.helper.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.flydex.helper.diagnostics.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
    @TempDir
    Path dir;

    @Test
    void theLogRotatesAndNeverKeepsMoreThanItsFiles() throws Exception {
        var log = new RotatingLog(dir, 100);
        for (int i = 0; i < 50; i++) {
            log.append("line %02d %s".formatted(i, "x".repeat(20)));
        }

        assertThat(RotatingLog.files(dir)).hasSize(RotatingLog.KEPT_FILES);
        for (Path file : RotatingLog.files(dir)) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(100);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(LogFiles.tail(dir, 2)).containsExactly("line 48 " + "x".repeat(20), "line 49 " + "x".repeat(20));
    }

    @Test
    void theTeeWritesRedactedLinesToTheFileAndTheOriginalToTheConsole() throws Exception {
        var console = new ByteArrayOutputStream();
        var tee = new PrintStream(new LogTee(console, RotatingLog.open(dir), new Redactor("/home/ada")), true, StandardCharsets.UTF_8);

        tee.println("2026-11-24T17:00:00Z WARN X - Bearer Zk3uQ9xVbT2mN8pLw4cRsA7yH1eJ6dGf");
        tee.print("partial ");
        tee.println("line");

        assertThat(LogFiles.tail(dir, 10)).containsExactly("2026-11-24T17:00:00Z WARN X - Bearer [redacted]", "partial line");
        assertThat(LogFiles.recentProblems(dir, 10)).hasSize(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Zk3uQ9xVbT2mN8pLw4cRsA7yH1eJ6dGf");
    }
}
