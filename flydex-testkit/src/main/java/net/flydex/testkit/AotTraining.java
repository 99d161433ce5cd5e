package net.flydex.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The build's training run for the JDK's AOT cache (JEP 483/514/515: classes loaded and linked,
 * and method profiles, written at exit by {@code -XX:AOTCacheOutput}). It runs what a person's
 * first minutes do, with the real processes: a control plane ({@code flydex-server.jar serve}) and
 * a helper ({@code flydex-helper.jar run}, private Codex on the scripted model) start; the helper
 * is linked by local connect; a phone introduced to it (end to end, through the local API) opens a
 * sealed session on {@code /ws/client} and sends sealed rpcs through the relay; a thread runs a
 * turn whose command waits for an approval, which the phone gives. Both
 * processes then stop as a service manager stops them (SIGTERM), and each JVM writes its cache.
 *
 * <p>Usage: {@code AotTraining --server-jar J --helper-jar J --work DIR [--server-cache OUT]
 * [--helper-cache OUT] [--helper-java JAVA] [--helper-jvm-options FILE] [--jar-mtime SECONDS]}.
 * With {@code --jar-mtime} the helper runs from a copy of its jar with that modification time. Each
 * cache gets its stamp beside it, {@code OUT.json} ({@link AotStamp}: the JVM that made it, the
 * jar's size, time and content digest), which the npm launcher and the server's start command
 * check: they pass {@code -XX:AOTCache} only where it fits.
 */
public final class AotTraining {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Enough round trips for every class and branch of the relay's path to be seen, few enough to stay a few seconds. */
    private static final int RELAY_ROUND_TRIPS = 300;

    private AotTraining() {}

    /** Exits 0 once both caches are written, 1 (after the stack trace) if the run failed: the scripted model's threads would keep the JVM alive. */
    public static void main(String[] args) {
        try {
            train(options(args));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void train(Map<String, String> options) throws Exception {
        Path work = fresh(Path.of(options.get("--work")));
        Path helperJar = Path.of(options.get("--helper-jar"));
        Optional<Long> jarMtime = Optional.ofNullable(options.get("--jar-mtime")).map(Long::parseLong);
        if (jarMtime.isPresent()) {
            Path copy = work.resolve("flydex-helper.jar");
            Files.copy(helperJar, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(copy, FileTime.from(Instant.ofEpochSecond(jarMtime.get())));
            helperJar = copy;
        }
        String ownJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path helperJava = windowsExe(Path.of(options.getOrDefault("--helper-java", ownJava)));
        List<String> helperFlags = new ArrayList<>();
        Optional.ofNullable(options.get("--helper-jvm-options")).map(Path::of).ifPresent(file -> helperFlags.addAll(jvmOptions(file)));
        Optional<Path> helperCache = Optional.ofNullable(options.get("--helper-cache")).map(Path::of);
        if (helperCache.isPresent()) {
            Files.createDirectories(helperCache.get().toAbsolutePath().getParent());
            helperFlags.add("-XX:AOTCacheOutput=" + helperCache.get());
        }
        List<String> serverFlags = new ArrayList<>();
        Optional.ofNullable(options.get("--server-cache")).ifPresent(cache -> serverFlags.add("-XX:AOTCacheOutput=" + cache));

        SharedCodex codex = SharedCodex.get();
        int serverPort = freePort();
        URI server = URI.create("http://127.0.0.1:" + serverPort);
        var serverCommand = new ArrayList<>(List.of(ownJava));
        serverCommand.addAll(serverFlags);
        serverCommand.addAll(List.of("-jar", options.get("--server-jar"), "serve", "--host", "127.0.0.1", "--port", "" + serverPort,
                "--data-dir", work.resolve("server").toString(), "--public-url", server.toString()));
        Process serverProcess = start(serverCommand, work.resolve("server.log"));
        Process helperProcess = null;
        try {
            awaitLine(work.resolve("server.log"), "flydex-server ready on ", serverProcess);
            int helperPort = freePort();
            var helperCommand = new ArrayList<>(List.of(helperJava.toString()));
            helperCommand.addAll(helperFlags);
            helperCommand.addAll(List.of("-jar", helperJar.toString(), "run", "--port", "" + helperPort, "--state-dir",
                    work.resolve("state").toString(), "--server", server.toString(), "--codex-home",
                    codex.privateHome(work.resolve("codex")).dir().toString(), "--codex-bin", codex.install().binary().toString(),
                    "--codex-mode", "private"));
            helperProcess = start(helperCommand, work.resolve("helper.log"));
            awaitLine(work.resolve("helper.log"), "flydex helper ready on ", helperProcess);
            exercise(server, helperPort, Files.createDirectories(work.resolve("project")));
        } finally {
            if (helperProcess != null) {
                stop(helperProcess, "helper");
            }
            stop(serverProcess, "server");
        }
        // Stamps say which JVM and jar each cache fits; the JVM's own jar check cannot be relied on (AotStamp).
        if (helperCache.isPresent()) {
            AotStamp.write(helperCache.get(), helperJava.toAbsolutePath().getParent().getParent(), helperJar);
        }
        if (options.containsKey("--server-cache")) {
            AotStamp.write(Path.of(options.get("--server-cache")), Path.of(System.getProperty("java.home")),
                    Path.of(options.get("--server-jar")));
        }
    }

    /** {@code bin/java} names {@code bin/java.exe} on Windows. */
    private static Path windowsExe(Path java) {
        Path exe = java.resolveSibling(java.getFileName() + ".exe");
        return !Files.exists(java) && Files.exists(exe) ? exe : java;
    }

    /** Sign-up, local connect, an introduction, sealed relay traffic, a turn with an approval: the paths a person's first minutes take. */
    private static void exercise(URI server, int helperPort, Path project) throws Exception {
        ApiClient owner = new ApiClient(server.resolve("/")).withOrigin(server.toString());
        String token = owner.post("/api/auth/signup", Map.of("email", "training@example.com", "password", "correct horse battery",
                "tokenInBody", true)).body().path("sessionToken").asString();
        HelperHealth.read(helperPort);
        String machine = LocalConnect.link(server, server.toString(), owner, helperPort, WAIT);
        SealedDevice device = SealedDevice.create("training phone");
        device.introduceLocally(helperPort, server.toString(), machine).ifPresent(refused -> {
            throw new IllegalStateException("the helper refused the training device: " + refused);
        });
        try (RelayClient phone = RelayClient.connect(server, server.toString(), token, device)) {
            phone.subscribe(machine);
            phone.awaitSession(machine, WAIT);
            for (int i = 0; i < RELAY_ROUND_TRIPS; i++) {
                expectResult(phone.rpc(machine, i % 2 == 0 ? "approvals/list" : "thread/list", "{}", WAIT));
            }
            JsonNode started = expectResult(phone.rpc(machine, "thread/start", JSON.writeValueAsString(Map.of("cwd", project.toString(),
                    "approvalPolicy", "untrusted", "sandbox", "workspace-write")), WAIT));
            String thread = started.path("result").path("thread").path("id").asString();
            ObjectNode turn = JSON.createObjectNode().put("threadId", thread);
            turn.putArray("input").addObject().put("type", "text").put("text", "CMD: echo trained > trained.txt");
            expectResult(phone.rpc(machine, "turn/start", turn, WAIT));
            JsonNode approval = phone.await(f -> f.path("type").asString("").equals("approval"), WAIT).path("approval");
            expectResult(phone.rpc(machine, "approval/respond", JSON.writeValueAsString(Map.of("approvalId",
                    approval.path("approvalId").asString(), "decision", "accept", "idempotencyKey", "training")), WAIT));
            phone.await(f -> f.path("method").asString("").equals("turn/completed"), WAIT);
            expectResult(phone.rpc(machine, "thread/read", JSON.writeValueAsString(Map.of("threadId", thread, "includeTurns", true)),
                    WAIT));
        }
        HelperHealth.read(helperPort);
    }

    private static JsonNode expectResult(JsonNode frame) {
        if (!frame.path("type").asString("").equals("result")) {
            throw new IllegalStateException("the training run's rpc failed: " + frame);
        }
        return frame;
    }

    /** An earlier run's server database and helper state would make this one a different run (the account exists, the machine is paired). */
    private static Path fresh(Path work) throws IOException {
        if (Files.exists(work)) {
            try (var all = Files.walk(work)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return Files.createDirectories(work);
    }

    private static List<String> jvmOptions(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file, e);
        }
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitLine(Path log, String prefix, Process process) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(line -> line.startsWith(prefix))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("it exited (" + process.exitValue() + "): " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no '" + prefix + "' in " + WAIT + ": " + Files.readString(log));
    }

    /** SIGTERM, then wait: the JVM writes its AOT cache on the way out, which takes a few seconds. */
    private static void stop(Process process, String name) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the " + name + " did not stop in 3 minutes");
        }
    }

    private static Map<String, String> options(String[] args) {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--server-jar", "--helper-jar", "--work")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("AotTraining needs " + required);
            }
        }
        return options;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
