package net.flydex.helper.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.SealedFrames;

/**
 * The sealed sessions open on this helper, oldest first, by {@code (deviceId, sessionId)}. Bounded
 * by {@link SealedFrames#MAX_SESSIONS_PER_DEVICE} and {@link SealedFrames#MAX_SESSIONS}: a new
 * session pushes out the oldest, so a device (or a server replaying hellos) cannot make the
 * helper seal every event an unbounded number of times. Removed sessions come back closed, for the
 * caller to tell the browser.
 */
public final class Sessions {
    private record Key(String deviceId, String sessionId) {}

    private final Map<Key, OpenSession> open = new LinkedHashMap<>();

    /** Adds a session; answers the sessions it pushed out (a same-id one first, then the oldest over a cap), closed. */
    public synchronized List<OpenSession> add(OpenSession session) {
        List<OpenSession> dropped = new ArrayList<>();
        Key key = new Key(session.deviceId(), session.sessionId());
        Optional.ofNullable(open.remove(key)).ifPresent(dropped::add);
        List<Key> ofDevice = open.keySet().stream().filter(k -> k.deviceId().equals(session.deviceId())).toList();
        for (int i = 0; i <= ofDevice.size() - SealedFrames.MAX_SESSIONS_PER_DEVICE; i++) {
            dropped.add(open.remove(ofDevice.get(i)));
        }
        while (open.size() >= SealedFrames.MAX_SESSIONS) {
            dropped.add(open.remove(open.keySet().iterator().next()));
        }
        open.put(key, session);
        dropped.forEach(OpenSession::close);
        return dropped;
    }

    public synchronized Optional<OpenSession> find(String deviceId, String sessionId) {
        return Optional.ofNullable(open.get(new Key(deviceId, sessionId)));
    }

    /** Forgets a session (the browser's socket closed, or it refused a frame); closed if it was open. */
    public synchronized Optional<OpenSession> remove(String deviceId, String sessionId) {
        Optional<OpenSession> removed = Optional.ofNullable(open.remove(new Key(deviceId, sessionId)));
        removed.ifPresent(OpenSession::close);
        return removed;
    }

    /** Forgets this very session (not a newer one under the same ids); answers whether it was still open here. */
    public synchronized boolean remove(OpenSession session) {
        boolean removed = open.remove(new Key(session.deviceId(), session.sessionId()), session);
        session.close();
        return removed;
    }

    /** Forgets every session of a device (revoked), closed. */
    public synchronized List<OpenSession> removeDevice(String deviceId) {
        List<OpenSession> removed = new ArrayList<>();
        open.entrySet().removeIf(entry -> entry.getKey().deviceId().equals(deviceId) && removed.add(entry.getValue()));
        removed.forEach(OpenSession::close);
        return removed;
    }

    /** Forgets every session (a new uplink socket: frames on the old one are lost, so every counter is off). */
    public synchronized void clear() {
        open.values().forEach(OpenSession::close);
        open.clear();
    }

    /** The open sessions now, oldest first. */
    public synchronized List<OpenSession> snapshot() {
        return List.copyOf(open.values());
    }

    public synchronized int size() {
        return open.size();
    }
}
