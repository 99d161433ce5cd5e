package net.flydex.helper.codex;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the helper reaches Codex ({@code --codex-mode}). */
public enum CodexMode {
    /** Attach to the shared daemon, starting it if none runs; private if the daemon cannot run. */
    AUTO,
    /** Attach to the shared daemon the person's own TUI sessions run on, or fail. */
    ATTACH,
    /** Spawn our own {@code codex app-server} over stdio. */
    PRIVATE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode {@code --codex-mode} names ({@code auto}, {@code attach} or {@code private}); empty for anything else. */
    public static Optional<CodexMode> fromWire(String value) {
        return Arrays.stream(values()).filter(mode -> mode.wire().equals(value)).findFirst();
    }
}
