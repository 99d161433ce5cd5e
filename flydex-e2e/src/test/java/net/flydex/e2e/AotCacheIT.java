package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.flydex.testkit.AotStamp;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper's AOT cache (trained by the build, AotTraining) never stops a helper from starting: a
 * cache that does not fit - corrupt, cut short, made by another JVM - is ignored with a warning
 * under {@code -XX:AOTMode=auto}, as the npm launcher and the login service start it; the helper
 * answers {@code /v1/health} as without a cache. Whether a cache was made for this jar is the
 * stamp's to say ({@link AotStamp}), which the launcher checks: the JVM's own check of the jar
 * cannot be relied on (JDK-8377932).
 */
class AotCacheIT {
    private static final Path CACHE = Path.of(System.getProperty("flydex.helper.jar", "../flydex-helper/target/flydex-helper.jar"))
            .resolveSibling("flydex-helper.aot");
    private static final Path SERVER_JAR = Path.of("../flydex-server/target/flydex-server.jar");
    private static final Path SERVER_CACHE = SERVER_JAR.resolveSibling("flydex-server.aot");
    private static final Path LAUNCHER = Path.of("../npm/flydex/lib/launcher.js");
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
    void theBuildStampsEachCacheWithTheJvmAndTheJarItWasMadeFor() {
        Path javaHome = Path.of(System.getProperty("java.home"));

        assertThat(AotStamp.fits(CACHE, javaHome, HelperProcess.JAR)).as(AotStamp.of(CACHE).toString()).isTrue();
        assertThat(AotStamp.fits(SERVER_CACHE, javaHome, SERVER_JAR)).as(AotStamp.of(SERVER_CACHE).toString()).isTrue();
        assertThat(AotStamp.fits(CACHE, javaHome, SERVER_JAR)).as("another jar").isFalse();
    }

    /**
     * JDK 25 checks the jar against the cache only when the training run happened to load a class
     * from the jar outside the cache (JDK-8377932), so the launcher decides by the stamp: it passes
     * the cache for the jar it was made for, and for a rebuilt jar - even one of the same size and
     * time - passes nothing.
     */
    @Test
    void theLauncherPassesTheCacheOnlyForTheJarItWasMadeFor() throws Exception {
        Path runtime = bundledRuntimeWith(CACHE);
        Path jar = Files.copy(HelperProcess.JAR, dir.resolve("flydex-helper.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Path sameSizeAndTime = Files.copy(HelperProcess.JAR, dir.resolve("rebuilt.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        flipACrcInTheCentralDirectory(sameSizeAndTime);
        Files.setLastModifiedTime(sameSizeAndTime, Files.getLastModifiedTime(jar));

        assertThat(launcherFlags(runtime, jar)).isEqualTo("[\"-XX:AOTCache=" + runtime.resolve("flydex").resolve("helper.aot")
                + "\",\"-XX:AOTMode=auto\"]");
        assertThat(Files.size(sameSizeAndTime)).isEqualTo(Files.size(jar));
        assertThat(launcherFlags(runtime, sameSizeAndTime)).isEqualTo("[]");
        assertThat(launcherFlags(runtime, rebuilt())).isEqualTo("[]");
    }

    @Test
    void aCacheMadeForAnotherJarStillLetsTheHelperStart() throws Exception {
        // Whether the JVM notices (it does only by the accident above) or not, the helper starts.
        assertThat(startsWith(CACHE, rebuilt())).isNotEmpty();
    }

    /** A copy of the helper's jar with one more entry and a new time, as a rebuild makes it. */
    private Path rebuilt() throws IOException {
        Path jar = Files.copy(HelperProcess.JAR, dir.resolve("other-build.jar"), StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            Files.writeString(zip.getPath("META-INF", "rebuilt.txt"), "another build\n");
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        return jar;
    }

    /** The first central directory entry's CRC-32 changed: same size, other content, as far as the directory says. */
    private static void flipACrcInTheCentralDirectory(Path jar) throws IOException {
        byte[] bytes = Files.readAllBytes(jar);
        byte[] entry = {0x50, 0x4b, 0x01, 0x02};
        int at = lastIndexOf(bytes, new byte[] {0x50, 0x4b, 0x05, 0x06});
        int directory = java.nio.ByteBuffer.wrap(bytes, at + 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(Arrays.copyOfRange(bytes, directory, directory + 4)).isEqualTo(entry);
        bytes[directory + 16] ^= 0x01;
        Files.write(jar, bytes);
    }

    /** A bundled runtime as the npm package lays it out, made of this JDK and the build's cache and stamp. */
    private Path bundledRuntimeWith(Path cache) throws IOException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        Files.copy(javaHome.resolve("release"), runtime.resolve("release"));
        Files.createSymbolicLink(Files.createDirectories(runtime.resolve("lib")).resolve("modules"), javaHome.resolve("lib").resolve("modules"));
        Path flydex = Files.createDirectories(runtime.resolve("flydex"));
        Files.createSymbolicLink(flydex.resolve("helper.aot"), cache.toAbsolutePath());
        Files.copy(AotStamp.of(cache), flydex.resolve("helper.aot.json"));
        return runtime;
    }

    /** What the npm launcher ({@code npm/flydex/lib/launcher.js}) would pass the JVM for this runtime's cache and jar, as JSON. */
    private static String launcherFlags(Path runtime, Path jar) throws Exception {
        Process node = new ProcessBuilder("node", "-e", "const l = require(process.argv[1]);"
                + " process.stdout.write(JSON.stringify(l.aotCacheFlags({ bundledHome: process.argv[2], jar: process.argv[3] })));",
                LAUNCHER.toAbsolutePath().toString(), runtime.toString(), jar.toString()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor()).as(output).isZero();
        return output;
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
