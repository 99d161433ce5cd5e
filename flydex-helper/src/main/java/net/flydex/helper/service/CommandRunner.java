package net.flydex.helper.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a service manager's command (systemctl, launchctl, schtasks); tests record the calls instead. */
public interface CommandRunner {
    /** @param exitCode the command's exit code; 127 when it could not be started at all */
    record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    Result run(List<String> command);

    /** The real thing: output and errors together, at most {@link #TIMEOUT_SECONDS}. */
    static CommandRunner system() {
        return command -> {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Result(124, "timed out: " + String.join(" ", command));
                }
                return new Result(process.exitValue(), output);
            } catch (IOException notThere) {
                return new Result(127, command.getFirst() + ": " + notThere.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(130, "interrupted");
            }
        };
    }

    /** A service manager answers in well under a second; this is for a hung one. */
    int TIMEOUT_SECONDS = 30;
}
