package net.flydex.helper.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformPathsTest {
    private static final Path HOME = Path.of("/home/ada");

    @Test
    void osNamesAreRecognised() {
        assertThat(Os.of("Mac OS X")).isEqualTo(Os.MACOS);
        assertThat(Os.of("Windows 11")).isEqualTo(Os.WINDOWS);
        assertThat(Os.of("Linux")).isEqualTo(Os.LINUX);
        assertThat(Os.of("FreeBSD")).as("other Unixes follow XDG").isEqualTo(Os.LINUX);
    }

    @Test
    void linuxFollowsXdgDefaults() {
        PlatformPaths paths = PlatformPaths.of(Os.LINUX, Map.of(), HOME);

        assertThat(paths.stateDir()).isEqualTo(Path.of("/home/ada/.local/state/flydex"));
        assertThat(paths.appDir()).isEqualTo(Path.of("/home/ada/.local/share/flydex"));
        assertThat(paths.serviceFile()).isEqualTo(Path.of("/home/ada/.config/systemd/user/flydex.service"));
        assertThat(PlatformPaths.logDir(paths.stateDir())).isEqualTo(Path.of("/home/ada/.local/state/flydex/logs"));
    }

    @Test
    void linuxHonoursAbsoluteXdgVariablesAndIgnoresRelativeOnes() {
        PlatformPaths paths = PlatformPaths.of(Os.LINUX, Map.of("XDG_STATE_HOME", "/s", "XDG_DATA_HOME", "/d",
                "XDG_CONFIG_HOME", "relative/config"), HOME);

        assertThat(paths.stateDir()).isEqualTo(Path.of("/s/flydex"));
        assertThat(paths.appDir()).isEqualTo(Path.of("/d/flydex"));
        assertThat(paths.serviceFile()).isEqualTo(Path.of("/home/ada/.config/systemd/user/flydex.service"));
    }

    @Test
    void macosUsesApplicationSupportAndLaunchAgents() {
        PlatformPaths paths = PlatformPaths.of(Os.MACOS, Map.of("XDG_STATE_HOME", "/ignored"), Path.of("/Users/ada"));

        assertThat(paths.stateDir()).isEqualTo(Path.of("/Users/ada/Library/Application Support/FlyDex"));
        assertThat(paths.appDir()).isEqualTo(Path.of("/Users/ada/Library/Application Support/FlyDex/app"));
        assertThat(paths.serviceFile()).isEqualTo(Path.of("/Users/ada/Library/LaunchAgents/net.flydex.helper.plist"));
    }

    @Test
    void windowsUsesLocalAppData() {
        PlatformPaths paths = PlatformPaths.of(Os.WINDOWS, Map.of("LOCALAPPDATA", "/c/Users/ada/AppData/Local"), HOME);

        assertThat(paths.stateDir()).isEqualTo(Path.of("/c/Users/ada/AppData/Local/FlyDex"));
        assertThat(paths.appDir()).isEqualTo(Path.of("/c/Users/ada/AppData/Local/FlyDex/app"));
        assertThat(paths.serviceFile()).isEqualTo(Path.of("/c/Users/ada/AppData/Local/FlyDex/app/flydex-task.xml"));
    }

    @Test
    void windowsWithoutLocalAppDataFallsBackUnderTheHome() {
        assertThat(PlatformPaths.of(Os.WINDOWS, Map.of(), HOME).stateDir()).isEqualTo(HOME.resolve("AppData/Local/FlyDex"));
    }
}
