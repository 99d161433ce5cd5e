package net.flydex.helper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.codex.CodexConfig;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.platform.Os;
import net.flydex.helper.platform.PlatformPaths;
import net.flydex.helper.service.AppInstall;
import net.flydex.helper.service.CommandRunner;
import net.flydex.helper.service.ServiceDefinition;
import net.flydex.helper.service.ServiceManager;
import org.junit.jupiter.api.Test;

/** The login service runs the installed jar with every setting of this start spelled out, not the caller's environment. */
class BackgroundHelperTest {
    @Test
    void theServiceCommandLineSpellsOutEverySetting() {
        PlatformPaths paths = PlatformPaths.of(Os.LINUX, Map.of(), Path.of("/home/ada"));
        var config = new HelperConfig(5000, Path.of("/home/ada/state"), List.of(URI.create("https://flydex.net")),
                Set.of("https://flydex.net", "https://beta.flydex.net"),
                new CodexConfig(Optional.of(Path.of("/opt/codex")), Path.of("/home/ada/.codex"), CodexMode.PRIVATE,
                        Duration.ofSeconds(30), "1.0.0"));
        var background = new BackgroundHelper(config, paths,
                ServiceManager.forPlatform(paths, command -> new CommandRunner.Result(0, ""), Map.of()), new PrintWriter(new StringWriter()));

        ServiceDefinition definition = background.definition(new AppInstall.Installed(Path.of("/jdk/bin/java"),
                Path.of("/home/ada/.local/share/flydex/flydex-helper.jar"), Optional.empty()), List.of("-XX:+UseSerialGC", "-Xmx64m"));

        assertThat(definition.command()).containsExactly("/jdk/bin/java", "-XX:+UseSerialGC", "-Xmx64m", "-jar", "/home/ada/.local/share/flydex/flydex-helper.jar",
                "run", "--port", "5000", "--state-dir", "/home/ada/state", "--server", "https://flydex.net", "--codex-mode", "private",
                "--codex-home", "/home/ada/.codex", "--codex-bin", "/opt/codex",
                "--allowed-origin", "https://beta.flydex.net", "--allowed-origin", "https://flydex.net");
        assertThat(definition.workingDir()).isEqualTo(Path.of("/home/ada/.local/share/flydex"));
    }

    @Test
    void npmsTemporaryPathEntriesAreLeftOut() {
        assertThat(BackgroundHelper.servicePath("/tmp/.npm/_npx/1/node_modules/.bin:/usr/local/bin:/proj/node_modules/.bin:/usr/bin"))
                .isEqualTo("/usr/local/bin:/usr/bin");
        assertThat(List.of(BackgroundHelper.servicePath("/usr/bin"))).containsExactly("/usr/bin");
    }
}
