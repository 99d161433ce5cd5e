package net.flydex.helper.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the helper keeps things on each platform, by that platform's convention:
 *
 * <ul>
 *   <li>Linux (XDG): state in {@code $XDG_STATE_HOME/flydex} (default {@code ~/.local/state/flydex}) -
 *       the key and pairing are this machine's, not portable settings, and the logs belong there
 *       too; the installed jar in {@code $XDG_DATA_HOME/flydex} ({@code ~/.local/share/flydex}); the
 *       systemd user unit in {@code $XDG_CONFIG_HOME/systemd/user} ({@code ~/.config/systemd/user}).
 *   <li>macOS: {@code ~/Library/Application Support/FlyDex} (its {@code app} folder for the jar), the
 *       launchd agent in {@code ~/Library/LaunchAgents}.
 *   <li>Windows: {@code %LOCALAPPDATA%\FlyDex} (its {@code app} folder for the jar and the task XML).
 * </ul>
 *
 * Relative XDG values are ignored, as the XDG spec asks.
 *
 * @param stateDir the machine identity, pairing, control file and {@code logs/}
 * @param appDir the installed helper jar (and runtime) that the login service starts
 * @param serviceFile the systemd unit, launchd plist, or the scheduled task's XML
 */
public record PlatformPaths(Os os, Path stateDir, Path appDir, Path serviceFile) {
    /** systemd unit name, launchd label and scheduled task name are all derived from this. */
    public static final String SERVICE_NAME = "flydex";
    public static final String LAUNCHD_LABEL = "net.flydex.helper";
    public static final String WINDOWS_TASK = "FlyDex Helper";

    public static PlatformPaths of(Os os, Map<String, String> env, Path home) {
        return switch (os) {
            case LINUX -> new PlatformPaths(os, xdg(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("flydex"),
                    xdg(env, "XDG_DATA_HOME", home.resolve(".local/share")).resolve("flydex"),
                    xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("systemd/user/" + SERVICE_NAME + ".service"));
            case MACOS -> {
                Path support = home.resolve("Library/Application Support/FlyDex");
                yield new PlatformPaths(os, support, support.resolve("app"),
                        home.resolve("Library/LaunchAgents/" + LAUNCHD_LABEL + ".plist"));
            }
            case WINDOWS -> {
                Path flydex = Optional.ofNullable(env.get("LOCALAPPDATA")).filter(v -> !v.isBlank()).map(Path::of)
                        .orElse(home.resolve("AppData").resolve("Local")).resolve("FlyDex");
                yield new PlatformPaths(os, flydex, flydex.resolve("app"), flydex.resolve("app").resolve("flydex-task.xml"));
            }
        };
    }

    /** For this user; on Unix {@code $HOME} wins over Java's {@code user.home} (from the password database), as XDG expects. */
    public static PlatformPaths current() {
        Os os = Os.current();
        String home = os == Os.WINDOWS ? null : System.getenv("HOME");
        return of(os, System.getenv(), Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")));
    }

    /** The helper's rotating log files, inside a state directory. */
    public static Path logDir(Path stateDir) {
        return stateDir.resolve("logs");
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank()).map(Path::of).filter(Path::isAbsolute).orElse(fallback);
    }
}
