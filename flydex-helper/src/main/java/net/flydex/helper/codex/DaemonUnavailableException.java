package net.flydex.helper.codex;

import java.io.IOException;

/**
 * The shared daemon cannot run here (the platform or setup does not support it), as opposed to a
 * daemon that is merely restarting. Only this makes {@link CodexMode#AUTO} fall back to private.
 */
public final class DaemonUnavailableException extends IOException {
    public DaemonUnavailableException(String message) {
        super(message);
    }
}
