package net.flydex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A JVM that only starts Codex: its first line spawns {@code codex app-server}, it sends
 * {@code initialize} and prints {@code ready} once Codex answered, then holds Codex until it is
 * stopped. Started with the helper's npm flags ({@link CodexFloor}), it is the least any helper
 * hosted in a JVM can do before Codex is ready. JDK classes only, the one request and its answer
 * written and matched by hand: nothing of the helper's (or Jackson's) on the way.
 *
 * <p>Arguments: the codex binary and the {@code CODEX_HOME} to start it on.
 */
public final class CodexOnlyJvm {
    /** The handshake's first request, as {@link DirectClient} sends it. */
    private static final String INITIALIZE = "{\"id\":1,\"method\":\"initialize\",\"params\":{\"clientInfo\":{\"name\":\"bench\","
            + "\"version\":\"0\"},\"capabilities\":{\"experimentalApi\":true}}}\n";

    private CodexOnlyJvm() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(args[0], "app-server").redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("CODEX_HOME", args[1]);
        Process codex = builder.start();
        OutputStream requests = codex.getOutputStream();
        requests.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
        requests.flush();
        var answers = new BufferedReader(new InputStreamReader(codex.getInputStream(), StandardCharsets.UTF_8));
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            // The answer to request 1; notifications carry a method and no id of ours.
            if (line.contains("\"id\":1") && !line.contains("\"method\"")) {
                System.out.println("ready");
                System.out.flush();
                break;
            }
        }
        codex.waitFor();
    }
}
