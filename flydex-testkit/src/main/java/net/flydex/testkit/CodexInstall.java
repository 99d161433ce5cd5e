package net.flydex.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The real Codex CLI at the version pinned in the build ({@code codex.version}), installed from
 * the npm registry into a cache directory once and shared by every test run after that.
 *
 * <p>{@code -Dcodex.version=latest} on the build runs everything against the newest Codex on npm
 * instead: the installer asks the registry ({@code npm view @openai/codex version}) when it resolves
 * the install, which {@link SharedCodex} does once per JVM.
 *
 * <p>The cache is {@code $FLYDEX_CODEX_CACHE}, else {@code ~/.cache/flydex}. A file lock makes
 * concurrent test JVMs wait for one install instead of racing.
 */
public final class CodexInstall {
    /** The value of {@code codex.version} that means "the newest release on npm". */
    static final String LATEST = "latest";

    private final String version;
    private final Path binary;

    private CodexInstall(String version, Path binary) {
        this.version = version;
        this.binary = binary;
    }

    /** The pinned version, installed if it is not in the cache yet. */
    public static synchronized CodexInstall pinned() {
        String version = pinnedVersion();
        Path dir = cacheRoot().resolve("codex-" + version);
        Path binary = dir.resolve("node_modules/@openai/" + platformPackage() + "/vendor/" + targetTriple() + "/bin/codex");
        if (!Files.isExecutable(binary)) {
            install(version, dir);
        }
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("npm installed @openai/codex@" + version + " but " + binary + " is missing");
        }
        return new CodexInstall(version, binary);
    }

    public String version() {
        return version;
    }

    /** The native codex executable (not the node launcher), so tests can signal it directly. */
    public Path binary() {
        return binary;
    }

    static String pinnedVersion() {
        var props = new Properties();
        try (InputStream in = CodexInstall.class.getResourceAsStream("codex.properties")) {
            props.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("codex.properties missing from the test kit", e);
        }
        String version = props.getProperty("codex.version");
        return LATEST.equals(version) ? newestOnNpm() : version;
    }

    private static String newestOnNpm() {
        try {
            Process npm = new ProcessBuilder(List.of("npm", "view", "@openai/codex", "version")).redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!npm.waitFor(2, TimeUnit.MINUTES) || npm.exitValue() != 0 || !out.matches("\\d+\\.\\d+\\.\\d+[0-9A-Za-z.-]*")) {
                throw new IllegalStateException("npm view @openai/codex version failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not ask npm for the newest Codex", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path cacheRoot() {
        String override = System.getenv("FLYDEX_CODEX_CACHE");
        return override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".cache", "flydex");
    }

    private static void install(String version, Path dir) {
        try {
            Files.createDirectories(dir);
            try (FileChannel lock = FileChannel.open(dir.resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    var held = lock.lock()) {
                Process npm = new ProcessBuilder(List.of("npm", "install", "--no-audit", "--no-fund",
                        "--loglevel=error", "--prefix", dir.toString(), "@openai/codex@" + version))
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("npm-install.log").toFile())
                        .start();
                if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm install @openai/codex@" + version + " failed; see "
                            + dir.resolve("npm-install.log"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not install Codex into " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String platformPackage() {
        String os = osName();
        String arch = isArm() ? "arm64" : "x64";
        return "codex-" + (os.equals("windows") ? "win32" : os) + "-" + arch;
    }

    private static String targetTriple() {
        String cpu = isArm() ? "aarch64" : "x86_64";
        return switch (osName()) {
            case "darwin" -> cpu + "-apple-darwin";
            case "windows" -> cpu + "-pc-windows-msvc";
            default -> cpu + "-unknown-linux-musl";
        };
    }

    private static String osName() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        return os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
    }

    private static boolean isArm() {
        String arch = System.getProperty("os.arch");
        return arch.equals("aarch64") || arch.equals("arm64");
    }
}
