package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The helper's AOT cache for {@link HelperVariant#NPM_OTHER_JIT_CACHE}: trained by the bench itself,
 * the way the build trains the shipped one (AotTraining, the same run) but with the other JIT's
 * flags, so each JIT is compared with a cache that holds its own profiles.
 */
final class OtherJitCache {
    static final Path PATH = Path.of("flydex-bench", "target", "flydex-helper-other-jit.aot");
    private static final Path OPTIONS = Path.of("flydex-bench", "target", "other-jit.options");
    private static final Path WORK = Path.of("flydex-bench", "target", "other-jit-training");
    private static final Path SERVER_JAR = Path.of("flydex-server", "target", "flydex-server.jar");

    private OtherJitCache() {}

    /** Trains it afresh (about a minute), so it fits the jar and the jvm.options of this run. */
    static void train() {
        try {
            Files.write(OPTIONS, HelperVariant.otherJitOptions());
            Files.deleteIfExists(PATH);
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "net.flydex.testkit.AotTraining", "--server-jar", SERVER_JAR.toString(),
                    "--helper-jar", BenchSetup.HELPER_JAR.toString(), "--helper-cache", PATH.toString(), "--helper-jvm-options",
                    OPTIONS.toString(), "--work", WORK.toString());
            Process training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(WORK.resolveSibling("other-jit-training.log")
                    .toFile()).start();
            if (training.waitFor() != 0 || !Files.isRegularFile(PATH)) {
                throw new IllegalStateException("training the other JIT's AOT cache failed; see flydex-bench/target/other-jit-training.log");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not train the other JIT's AOT cache", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        }
    }
}
