package net.flydex.helper.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The login service gets the launcher's JVM flags, pointed at the installed runtime. */
class JvmOptionsTest {
    private static final List<String> LAUNCHED = List.of("-XX:+UseSerialGC", "-Xmx64m", "-Dnot.a.flag=1", "--enable-preview",
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockDiagnosticVMOptions", "-XX:AsyncDeflationInterval=0",
            "-XX:AOTCache=/home/ada/.npm/_npx/1/node_modules/@flydex/runtime-linux-x64/runtime/flydex/helper.aot", "-XX:AOTMode=auto");

    /** Diagnostic flags (jvm.options has some) keep their unlock flag before them, so the service's JVM takes them too. */
    @Test
    void theBundledRuntimesCacheBecomesTheInstalledCopysAndOnlyJvmFlagsAreKeptInOrder() {
        List<String> service = JvmOptions.forService(LAUNCHED,
                Optional.of(Path.of("/home/ada/.npm/_npx/1/node_modules/@flydex/runtime-linux-x64/runtime")),
                Optional.of(Path.of("/home/ada/.local/share/flydex/runtime-1.0.0")));

        assertThat(service).containsExactly("-XX:+UseSerialGC", "-Xmx64m", "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:AsyncDeflationInterval=0",
                "-XX:AOTCache=/home/ada/.local/share/flydex/runtime-1.0.0/flydex/helper.aot", "-XX:AOTMode=auto");
    }

    @Test
    void withoutABundledRuntimeTheFlagsStayAsTheyAre() {
        assertThat(JvmOptions.forService(List.of("-Xss512k"), Optional.empty(), Optional.empty())).containsExactly("-Xss512k");
    }
}
