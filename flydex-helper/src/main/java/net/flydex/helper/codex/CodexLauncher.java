package net.flydex.helper.codex;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.JsonLiteral;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Finds Codex and opens an initialized {@link CodexSession} in the configured mode. In attach
 * mode it starts the daemon the way the TUI does ({@code codex app-server daemon start}) when no
 * daemon answers, then connects to its control socket (see {@code shared/codex/ATTACH.md}).
 */
public final class CodexLauncher {
    static final String INSTALL_HINT = "Codex CLI not found. Install it with `npm install -g @openai/codex`, "
            + "or pass --codex-bin PATH.";
    private static final Pattern VERSION = Pattern.compile("/(\\d+\\.\\d+\\.\\d+[^ ]*)");
    /** The user agent in Codex's answer to {@code initialize}, read from the line: a JSON string without escapes in practice. */
    private static final Pattern USER_AGENT = Pattern.compile("\"userAgent\":\"([^\"\\\\]*)\"");
    /** How Codex's answer line begins when it is a result (see {@link JsonRpcConnection#requestAnswerLine}). */
    private static final Pattern RESULT = Pattern.compile("^\\{\"id\":\\d+,\"result\":");

    private final CodexConfig config;

    public CodexLauncher(CodexConfig config) {
        this.config = config;
    }

    /** The daemon's logical control socket for this CODEX_HOME. */
    public Path daemonSocket() {
        return config.home().resolve("app-server-control").resolve("app-server-control.sock");
    }

    public Path resolveBinary() throws CodexMissingException {
        if (config.binary().isPresent()) {
            Path binary = config.binary().get();
            if (Files.isExecutable(binary)) {
                return binary;
            }
            throw new CodexMissingException("Codex not found at " + binary + ". " + INSTALL_HINT);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        boolean windows = File.separatorChar == '\\';
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : windows ? List.of("codex.cmd", "codex.exe") : List.of("codex")) {
                if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        throw new CodexMissingException(INSTALL_HINT);
    }

    /** Attaches to the running daemon, starting it first if none answers. */
    public CodexSession attach(JsonRpcConnection.Handler handler) throws IOException, CodexMissingException {
        Path binary = resolveBinary();
        try {
            return attached(connectDaemon(handler));
        } catch (IOException noDaemon) {
            startDaemon(binary);
            return attached(connectDaemon(handler));
        }
    }

    /** Spawns a private {@code codex app-server} on stdio. */
    public CodexSession spawnPrivate(JsonRpcConnection.Handler handler) throws IOException, CodexMissingException {
        return initialize(spawn(handler));
    }

    /**
     * Spawns a private {@code codex app-server} and asks it to {@code initialize} at once, then
     * returns before it has answered: what Codex does to start then runs beside the caller's own
     * work, and {@link #initialize} waits for the answer. The request waits in Codex's stdin until
     * Codex reads it, so Codex answers as soon as it can.
     */
    public Spawned spawn(JsonRpcConnection.Handler handler) throws IOException, CodexMissingException {
        Path binary = resolveBinary();
        var rpc = new JsonRpcConnection(handler, config.requestTimeout());
        StdioTransport transport = StdioTransport.start(List.of(binary.toString(), "app-server"), env(), rpc);
        rpc.bind(transport);
        return new Spawned(rpc, transport.pid(), askToInitialize(rpc));
    }

    /**
     * The {@code initialize} handshake with a spawned app-server; on failure the process is closed.
     * Nothing here builds Jackson's mapper: its 40-80 ms of a core ran beside Codex's start, on the
     * same two cores, when the answer was read with it (docs/benchmarks.md, "Sixth pass").
     */
    public CodexSession initialize(Spawned spawned) throws IOException {
        return handshake(spawned.rpc(), spawned.initializing(), CodexMode.PRIVATE, Optional.of(spawned.pid()));
    }

    /**
     * A private app-server that was spawned and asked to initialize, not yet answered; {@code rpc} closes it.
     *
     * @param initializing the answer to {@code initialize}
     */
    public record Spawned(JsonRpcConnection rpc, long pid, CompletableFuture<String> initializing) {}

    private CodexSession attached(JsonRpcConnection rpc) throws IOException {
        return handshake(rpc, askToInitialize(rpc), CodexMode.ATTACH, Optional.empty());
    }

    /** Written by hand: on a private start this runs right after the spawn, before Jackson's first use; the answer is its line. */
    private CompletableFuture<String> askToInitialize(JsonRpcConnection rpc) {
        String params = new StringBuilder("{\"clientInfo\":{\"name\":\"flydex\",\"title\":\"FlyDex\",\"version\":")
                .append(JsonLiteral.string(config.helperVersion())).append("},\"capabilities\":{\"experimentalApi\":true}}").toString();
        return rpc.requestAnswerLine("initialize", params);
    }

    private JsonRpcConnection connectDaemon(JsonRpcConnection.Handler handler) throws IOException {
        var rpc = new JsonRpcConnection(handler, config.requestTimeout());
        rpc.bind(DaemonSocketTransport.connect(daemonSocket(), rpc));
        return rpc;
    }

    private void startDaemon(Path binary) throws IOException {
        var builder = new ProcessBuilder(binary.toString(), "app-server", "daemon", "start")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env());
        Process start;
        try {
            start = builder.start();
        } catch (IOException cannotRun) {
            throw new DaemonUnavailableException("could not run `codex app-server daemon start`");
        }
        String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!start.waitFor(2, TimeUnit.MINUTES) || start.exitValue() != 0) {
                start.destroyForcibly();
                throw new DaemonUnavailableException("`codex app-server daemon start` failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the Codex daemon", e);
        }
        try {
            JsonNode started = WireJson.mapper().readTree(out);
            if (!started.path("socketPath").asString("").isEmpty()
                    && !Path.of(started.path("socketPath").asString()).equals(daemonSocket())) {
                throw new IOException("the Codex daemon listens on an unexpected socket");
            }
        } catch (JacksonException unexpectedOutput) {
            throw new IOException("`codex app-server daemon start` printed no status");
        }
    }

    private CodexSession handshake(JsonRpcConnection rpc, CompletableFuture<String> initializing, CodexMode mode, Optional<Long> pid)
            throws IOException {
        try {
            String userAgent = userAgent(initializing.get());
            rpc.notify("initialized");
            Matcher version = VERSION.matcher(userAgent);
            return new CodexSession(rpc, mode, version.find() ? version.group(1) : "unknown", pid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rpc.close();
            throw new IOException("interrupted during the Codex handshake", e);
        } catch (RpcException refused) {
            rpc.close();
            throw new IOException("Codex did not start: " + refused.getMessage(), refused);
        } catch (java.util.concurrent.ExecutionException e) {
            rpc.close();
            String why = rpc.closed().isDone() ? rpc.closed().join() + " before it was ready" : RpcException.of(e).getMessage();
            throw new IOException("Codex did not start: " + why, e);
        }
    }

    /**
     * The user agent from the answer's line: read by hand when the line is a result as Codex writes it,
     * with Jackson otherwise (an error, escapes, another layout).
     *
     * @throws RpcException when Codex answered with an error
     */
    static String userAgent(String answer) {
        if (RESULT.matcher(answer).lookingAt()) {
            Matcher agent = USER_AGENT.matcher(answer);
            if (agent.find()) {
                return agent.group(1);
            }
        }
        JsonNode message;
        try {
            message = WireJson.mapper().readTree(answer);
        } catch (JacksonException malformed) {
            throw new RpcException(ErrorCode.CODEX_ERROR, "Codex answered initialize with something that is not JSON");
        }
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            throw new RpcException(ErrorCode.CODEX_ERROR, error.path("message").asString("Codex reported an error"));
        }
        return message.path("result").path("userAgent").asString("");
    }

    /** Codex refuses a CODEX_HOME that does not exist; on first run ours may not yet. */
    private Map<String, String> env() throws IOException {
        Files.createDirectories(config.home());
        return Map.of("CODEX_HOME", config.home().toString());
    }
}
