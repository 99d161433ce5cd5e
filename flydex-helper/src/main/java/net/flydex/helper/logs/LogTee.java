package net.flydex.helper.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.flydex.helper.diagnostics.Redactor;

/**
 * Copies everything the helper prints (its stdout, and stderr where its log lines go) into the
 * rotating log file, each line redacted on the way. The console keeps getting the lines as they
 * were, so a service manager's journal and a terminal still show them.
 */
public final class LogTee extends OutputStream {
    private final OutputStream console;
    private final RotatingLog log;
    private final Redactor redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LogTee(OutputStream console, RotatingLog log, Redactor redactor) {
        this.console = console;
        this.log = log;
        this.redactor = redactor;
    }

    /** From now on, this process's output also goes to {@code logDir/flydex.log}. */
    public static void install(Path logDir) throws IOException {
        RotatingLog log = RotatingLog.open(logDir);
        Redactor redactor = Redactor.forThisUser();
        System.setOut(new PrintStream(new LogTee(System.out, log, redactor), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LogTee(System.err, log, redactor), true, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(int b) throws IOException {
        console.write(b);
        if (b == '\n') {
            log.append(redactor.redact(line.toString(StandardCharsets.UTF_8)));
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public void flush() throws IOException {
        console.flush();
    }
}
