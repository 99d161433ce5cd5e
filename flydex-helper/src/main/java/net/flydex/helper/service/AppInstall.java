package net.flydex.helper.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import net.flydex.helper.platform.Os;

/**
 * Copies the running helper into the app directory, so the login service never points into npm's
 * cache (which npx may clean or replace on the next {@code flydex@latest}): the jar as
 * {@code flydex-helper.jar}, and the bundled Java runtime, when the launcher used one, as
 * {@code runtime-<version>}. Without a bundled runtime the service uses the Java that runs this
 * install (JAVA_HOME or PATH, which the launcher checked is 21+).
 */
public final class AppInstall {
    static final String JAR = "flydex-helper.jar";

    private AppInstall() {}

    /**
     * Where the service finds what it runs.
     *
     * @param runtime the bundled runtime's installed copy, when the launcher used one
     */
    public record Installed(Path java, Path jar, Optional<Path> runtime) {}

    /**
     * @param runningJar the jar this process runs from
     * @param runningJava the Java executable of this process (used when there is no bundled runtime)
     * @param bundledRuntime the runtime home the npm launcher chose from its runtime package, if any
     */
    public static Installed install(Os os, Path appDir, Path runningJar, Path runningJava, Optional<Path> bundledRuntime,
            String version) throws IOException {
        Files.createDirectories(appDir);
        Path jar = appDir.resolve(JAR);
        if (!Files.exists(jar) || !Files.isSameFile(runningJar, jar)) {
            Path temp = appDir.resolve(JAR + ".tmp");
            // With its modification time: the runtime's AOT cache is valid for this jar only while that stays.
            Files.copy(runningJar, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Path java = runningJava;
        Optional<Path> installedRuntime = bundledRuntime;
        if (bundledRuntime.isPresent() && !bundledRuntime.get().startsWith(appDir)) {
            Path runtime = appDir.resolve("runtime-" + version);
            if (!Files.exists(runtime)) {
                copyTree(bundledRuntime.get(), runtime);
            }
            java = runtime.resolve("bin").resolve(os == Os.WINDOWS ? "java.exe" : "java");
            installedRuntime = Optional.of(runtime);
        }
        if (os == Os.WINDOWS) {
            // javaw has no console window: a logon task must not pop one up.
            Path javaw = java.resolveSibling("javaw.exe");
            java = Files.exists(javaw) ? javaw : java;
        }
        return new Installed(java, jar, installedRuntime);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Path temp = to.resolveSibling(to.getFileName() + ".tmp");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = temp.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
    }
}
