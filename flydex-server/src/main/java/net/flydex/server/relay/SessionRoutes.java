package net.flydex.server.relay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.flydex.protocol.SealedFrames;
import net.flydex.server.e2e.E2eFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The end-to-end sessions opened by browsers connected to this node, and the one socket each
 * belongs to (docs/e2e.md, "Wiring"). A session is registered when the helper answers its hello;
 * from then on the helper's sealed frames naming it go to that socket only, and only that socket
 * may send sealed rpcs in it. In a cluster every node hears every helper frame
 * ({@link RelayBus#onAgentFrame}) and only the node holding the session's socket finds it here,
 * so a sealed frame is delivered once, wherever its browser is.
 *
 * <p>Sealed frames are passed on as the text the helper wrote and are never merged or dropped
 * ({@link Outgoing#sealed}): a gap would break the session's counter. When a socket closes or
 * unsubscribes a machine, the helper is told which sessions ended ({@code e2e/closed}), so it
 * stops sealing for them.
 */
final class SessionRoutes {
    /**
     * Sessions one socket may hold: a tab steers a handful of machines, one session each, with
     * room for handshakes repeated after helper restarts; more is a loop, not a person.
     */
    static final int MAX_PER_SOCKET = 64;
    private static final Logger log = LoggerFactory.getLogger(SessionRoutes.class);

    /** One session, always with its machine's account, so nothing crosses accounts. */
    record Key(MachineRef machine, String deviceId, String sessionId) {}

    /** What became of registering a session the helper opened. */
    enum Opened { OPENED, HELD_ELSEWHERE, FULL, SOCKET_GONE }

    private final RelayBus bus;
    private final Map<Key, ClientConnection> owners = new ConcurrentHashMap<>();
    private final Map<ClientConnection, Set<Key>> byClient = new ConcurrentHashMap<>();

    SessionRoutes(RelayBus bus) {
        this.bus = bus;
    }

    /** Whether the socket may open another session (checked before its hello is sent). */
    boolean hasRoom(ClientConnection client) {
        return byClient.getOrDefault(client, Set.of()).size() < MAX_PER_SOCKET;
    }

    /**
     * Registers a session the helper answered a hello for. The first socket to hold a session id
     * keeps it: ids come from the hello, so another socket naming the same one replayed it. A
     * session that cannot be kept is closed at the helper at once.
     */
    Opened open(Key key, ClientConnection client) {
        Opened opened = register(key, client);
        if (opened == Opened.OPENED && !client.isOpen() && unregister(key, client)) {
            opened = Opened.SOCKET_GONE; // Closed while the hello was answered: its close found nothing to end.
        }
        if (opened == Opened.FULL || opened == Opened.SOCKET_GONE) {
            tellHelper(key);
        }
        return opened;
    }

    boolean owns(ClientConnection client, Key key) {
        return owners.get(key) == client;
    }

    /**
     * A sealed {@code event}, {@code approval} or {@code approvalResolved} from {@code machine}'s
     * helper, parsed once: to the session's socket if it is on this node, else nowhere.
     */
    void deliver(MachineRef machine, String text, JsonNode frame) {
        keyOf(machine, frame).map(owners::get).ifPresent(client -> client.send(Outgoing.sealed(text)));
    }

    /** The helper ended a session ({@code e2e/closed} with a reason): its socket is told and the route forgotten. */
    void closedByHelper(MachineRef machine, String text, JsonNode frame) {
        keyOf(machine, frame).ifPresent(key -> {
            ClientConnection client = owners.get(key);
            if (client != null && unregister(key, client)) {
                client.send(Outgoing.sealed(text));
            }
        });
    }

    /** The socket closed: every session it held ends, and each helper is told. */
    void disconnected(ClientConnection client) {
        Set<Key> keys = byClient.getOrDefault(client, Set.of());
        for (Key key : List.copyOf(keys)) {
            if (unregister(key, client)) {
                tellHelper(key);
            }
        }
    }

    /** The socket unsubscribed from a machine: its sessions with that machine end. */
    void unsubscribed(ClientConnection client, MachineRef machine) {
        List<Key> keys = new ArrayList<>(byClient.getOrDefault(client, Set.of()));
        keys.removeIf(key -> !key.machine().equals(machine));
        for (Key key : keys) {
            if (unregister(key, client)) {
                tellHelper(key);
            }
        }
    }

    /** The envelope's session, when the frame names its own machine and well-formed ids. */
    private static Optional<Key> keyOf(MachineRef machine, JsonNode frame) {
        String deviceId = frame.path("deviceId").asString("");
        String sessionId = frame.path("sessionId").asString("");
        if (!machine.machineId().equals(frame.path("machineId").asString("")) || !E2eFields.deviceId(deviceId)
                || !E2eFields.sessionId(sessionId)) {
            log.debug("dropped a sealed frame with a foreign machine or malformed session from machine {}", machine.machineId());
            return Optional.empty();
        }
        return Optional.of(new Key(machine, deviceId, sessionId));
    }

    private synchronized Opened register(Key key, ClientConnection client) {
        ClientConnection owner = owners.get(key);
        if (owner == client) {
            return Opened.OPENED;
        }
        if (owner != null) {
            return Opened.HELD_ELSEWHERE;
        }
        Set<Key> held = byClient.getOrDefault(client, Set.of());
        if (held.size() >= MAX_PER_SOCKET) {
            return Opened.FULL;
        }
        owners.put(key, client);
        Set<Key> more = new HashSet<>(held);
        more.add(key);
        byClient.put(client, Set.copyOf(more));
        return Opened.OPENED;
    }

    /** True when this call removed the route (so exactly one caller tells the helper). */
    private synchronized boolean unregister(Key key, ClientConnection client) {
        if (!owners.remove(key, client)) {
            return false;
        }
        Set<Key> less = new HashSet<>(byClient.getOrDefault(client, Set.of()));
        less.remove(key);
        if (less.isEmpty()) {
            byClient.remove(client);
        } else {
            byClient.put(client, Set.copyOf(less));
        }
        return true;
    }

    /** Best effort: an offline helper has lost its sessions anyway. */
    private void tellHelper(Key key) {
        bus.toAgent(key.machine(), SealedFrames.closed(key.deviceId(), key.sessionId()).toString());
    }
}
