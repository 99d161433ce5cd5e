package net.flydex.helper.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.flydex.helper.platform.Os;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login service runs a copy in the app directory, never a file in npm's cache. */
class AppInstallTest {
    @TempDir
    Path dir;

    @Test
    void theJarIsCopiedAndASystemJavaIsUsedAsItIs() throws Exception {
        Path jar = Files.writeString(Files.createDirectories(dir.resolve("npx-cache")).resolve("flydex-helper.jar"), "jar v1");
        Path app = dir.resolve("app");

        AppInstall.Installed installed = AppInstall.install(Os.LINUX, app, jar, Path.of("/usr/lib/jvm/jdk/bin/java"), Optional.empty(), "1.0.0");

        assertThat(installed.jar()).isEqualTo(app.resolve("flydex-helper.jar")).hasContent("jar v1");
        assertThat(installed.java()).isEqualTo(Path.of("/usr/lib/jvm/jdk/bin/java"));

        Files.writeString(jar, "jar v2");
        assertThat(AppInstall.install(Os.LINUX, app, jar, installed.java(), Optional.empty(), "1.0.1").jar()).as("an upgrade replaces it")
                .hasContent("jar v2");
        assertThat(AppInstall.install(Os.LINUX, app, installed.jar(), installed.java(), Optional.empty(), "1.0.1").jar())
                .as("the service's own copy installs onto itself").hasContent("jar v2");
    }

    @Test
    void theCopyKeepsTheJarsModificationTimeWhichTheRuntimesAotCacheChecks() throws Exception {
        Path jar = Files.writeString(Files.createDirectories(dir.resolve("npx-cache")).resolve("flydex-helper.jar"), "jar");
        var madeWith = java.nio.file.attribute.FileTime.fromMillis(499_162_500_000L);
        Files.setLastModifiedTime(jar, madeWith);

        Path installed = AppInstall.install(Os.LINUX, dir.resolve("app"), jar, Path.of("/jdk/bin/java"), Optional.empty(), "1.0.0").jar();

        assertThat(Files.getLastModifiedTime(installed)).isEqualTo(madeWith);
    }

    @Test
    void aBundledRuntimeIsCopiedPerVersionAndItsJavaUsed() throws Exception {
        Path runtime = dir.resolve("node_modules/@flydex/runtime-linux-x64/runtime");
        Files.createDirectories(runtime.resolve("bin"));
        Files.writeString(runtime.resolve("bin/java"), "#!/bin/sh\n");
        Files.createDirectories(runtime.resolve("lib"));
        Files.writeString(runtime.resolve("lib/modules"), "modules");
        Path jar = Files.writeString(dir.resolve("flydex-helper.jar"), "jar");
        Path app = dir.resolve("app");

        AppInstall.Installed installed = AppInstall.install(Os.LINUX, app, jar, runtime.resolve("bin/java"), Optional.of(runtime), "2.0.0");

        assertThat(installed.java()).isEqualTo(app.resolve("runtime-2.0.0/bin/java"));
        assertThat(app.resolve("runtime-2.0.0/lib/modules")).hasContent("modules");
        assertThat(app.resolve("runtime-2.0.0.tmp")).doesNotExist();
    }

    @Test
    void onWindowsTheServiceUsesJavawSoNoConsoleOpens() throws Exception {
        Path runtime = dir.resolve("runtime");
        Files.createDirectories(runtime.resolve("bin"));
        Files.writeString(runtime.resolve("bin/java.exe"), "");
        Files.writeString(runtime.resolve("bin/javaw.exe"), "");
        Path jar = Files.writeString(dir.resolve("flydex-helper.jar"), "jar");

        AppInstall.Installed installed = AppInstall.install(Os.WINDOWS, dir.resolve("app"), jar, runtime.resolve("bin/java.exe"),
                Optional.of(runtime), "3.0.0");

        assertThat(installed.java()).isEqualTo(dir.resolve("app/runtime-3.0.0/bin/javaw.exe"));
    }
}
