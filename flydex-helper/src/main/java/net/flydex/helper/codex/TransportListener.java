package net.flydex.helper.codex;

/** Inbound side of a transport. Called from one reader thread, in arrival order. */
public interface TransportListener {
    void onMessage(String json);

    /** Called once, when the peer is gone; {@code reason} is safe to show (no content). */
    void onClosed(String reason);
}
