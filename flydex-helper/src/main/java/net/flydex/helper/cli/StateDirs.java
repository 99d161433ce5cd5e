package net.flydex.helper.cli;

import java.nio.file.Path;
import java.util.Locale;

/** Where the helper keeps its state by default, following each platform's convention. */
final class StateDirs {
    private StateDirs() {}

    static Path defaultStateDir() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("mac")) {
            return home.resolve("Library/Application Support/FlyDex");
        }
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null ? Path.of(local) : home.resolve("AppData/Local")).resolve("FlyDex");
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/state")).resolve("flydex");
    }
}
