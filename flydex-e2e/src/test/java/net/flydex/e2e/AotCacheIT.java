package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper's AOT cache (trained by the build, AotTraining) never stops a helper from starting: a
 * cache that does not fit - corrupt, cut short, made for another jar, made by another JVM - is
 * ignored with a warning under {@code -XX:AOTMode=auto}, as the npm launcher and the login service
 * start it; the helper answers {@code /v1/health} as without a cache.
 */
class AotCacheIT {
    private static final Path CACHE = Path.of(System.getProperty("flydex.helper.jar", "../flydex-helper/target/flydex-helper.jar"))
            .resolveSibling("flydex-helper.aot");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void theBuildTrainedACache() {
        assertThat(CACHE).as("the build's AOT training (flydex-e2e, package phase) wrote it").isRegularFile();
    }

    /** Runs the helper jar with this cache (and the launcher's flags) until it answers health; its output. */
    private List<String> startsWith(Path cache, Path jar) throws Exception {
        int port = ControlPlane.freePort();
        SharedCodex codex = SharedCodex.get();
        List<String> flags = List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=auto", "-XX:+UseSerialGC");
        try (HelperProcess helper = HelperProcess.start(flags, jar, port, "run", "--port", "" + port, "--state-dir",
                dir.resolve("state").toString(), "--codex-home", codex.privateHome(dir.resolve("codex")).dir().toString(), "--codex-bin",
                codex.install().binary().toString(), "--codex-mode", "private")) {
            await().atMost(WAIT).until(() -> helper.health().path("status").asString("").equals("ok"));
            return List.copyOf(helper.output);
        }
    }

    @Test
    void theTrainedCacheIsUsedWithoutAWord() throws Exception {
        List<String> output = startsWith(CACHE, HelperProcess.JAR);

        assertThat(output).noneMatch(line -> line.contains("[aot]"));
    }

    @Test
    void aCorruptCacheIsIgnored() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        Arrays.fill(garbage, (byte) 0x5a);
        Path corrupt = Files.write(dir.resolve("corrupt.aot"), garbage);

        assertThat(startsWith(corrupt, HelperProcess.JAR)).anyMatch(line -> line.contains("[aot]"));
    }

    @Test
    void aCacheCutShortIsIgnored() throws Exception {
        byte[] whole = Files.readAllBytes(CACHE);
        Path truncated = Files.write(dir.resolve("truncated.aot"), Arrays.copyOf(whole, whole.length / 3));

        assertThat(startsWith(truncated, HelperProcess.JAR)).anyMatch(line -> line.contains("truncated"));
    }

    @Test
    void aCacheMadeForAnotherJarIsIgnored() throws Exception {
        Path otherJar = Files.copy(HelperProcess.JAR, dir.resolve("flydex-helper.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(otherJar, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(startsWith(CACHE, otherJar)).anyMatch(line -> line.contains("not the one used while building"));
    }

    @Test
    void aCacheMadeByAnotherJvmIsIgnored() throws Exception {
        byte[] bytes = Files.readAllBytes(CACHE);
        // The header names the JVM that made it ("... Server VM (25.0.3+9-LTS) ..."); another build names another.
        byte[] ident = "Server VM (".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, ident);
        assertThat(at).as("the cache's header names its JVM").isNotNegative();
        bytes[at + ident.length] = (byte) (bytes[at + ident.length] == '9' ? '8' : '9');
        Path otherJvm = Files.write(dir.resolve("other-jvm.aot"), bytes);

        assertThat(startsWith(otherJvm, HelperProcess.JAR)).anyMatch(line -> line.contains("[aot]"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length && i < 64 * 1024; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
