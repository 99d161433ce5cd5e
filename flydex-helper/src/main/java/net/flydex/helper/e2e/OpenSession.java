package net.flydex.helper.e2e;

import java.util.function.Function;
import java.util.function.Predicate;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.Session;

/**
 * A session the helper answered a hello for, as the relay uses it: frames are sealed and handed to
 * the uplink under this session's lock, so they leave in counter order whatever thread sends them
 * (Codex's reader for events, the socket's for rpc answers, a timer for resolutions).
 */
public final class OpenSession {
    private final Session session;

    public OpenSession(Session session) {
        this.session = session;
    }

    public String deviceId() {
        return session.deviceId();
    }

    public String sessionId() {
        return session.sessionId();
    }

    /**
     * Seals {@code plaintext} as the next frame ({@code type}, {@code ref} bound as associated
     * data), wraps it with {@code frame} and offers the text to {@code send}. A send that refuses
     * the text leaves a gap in the counters, so the session is closed and this answers false.
     *
     * @throws E2eException when the session is closed or its device no longer trusted
     */
    public synchronized boolean send(String type, String ref, byte[] plaintext, Function<String, String> frame, Predicate<String> send)
            throws E2eException {
        String text = frame.apply(session.seal(type, ref, plaintext));
        if (!send.test(text)) {
            session.close();
            return false;
        }
        return true;
    }

    /** Opens the device's next frame; any failure closes the session. */
    public byte[] open(String type, String ref, String sealed) throws E2eException {
        return session.open(type, ref, sealed);
    }

    public void close() {
        session.close();
    }
}
