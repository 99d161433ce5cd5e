package net.flydex.server.relay;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which browsers of this node follow which machine. Keyed by {@link MachineRef}, so a frame of a
 * machine reaches only browsers of that machine's account. Sets are replaced, never changed, so
 * publishing reads a snapshot without locking.
 */
final class Subscriptions {
    private final Map<MachineRef, Set<ClientConnection>> byMachine = new ConcurrentHashMap<>();
    private final Map<ClientConnection, Set<MachineRef>> byClient = new ConcurrentHashMap<>();

    /** Idempotent. A browser whose socket closed meanwhile is taken out again. */
    void add(MachineRef machine, ClientConnection client) {
        byMachine.compute(machine, (key, clients) -> with(clients, client));
        byClient.compute(client, (key, machines) -> with(machines, machine));
        if (!client.isOpen()) {
            removeAll(client);
        }
    }

    void remove(MachineRef machine, ClientConnection client) {
        byMachine.compute(machine, (key, clients) -> without(clients, client));
        byClient.compute(client, (key, machines) -> without(machines, machine));
    }

    void removeAll(ClientConnection client) {
        Set<MachineRef> machines = byClient.remove(client);
        if (machines != null) {
            machines.forEach(machine -> byMachine.compute(machine, (key, clients) -> without(clients, client)));
        }
    }

    /** Queues the frame for every browser following the machine; never waits on any of them. */
    void publish(MachineRef machine, Outgoing frame) {
        byMachine.getOrDefault(machine, Set.of()).forEach(client -> client.send(frame));
    }

    private static <T> Set<T> with(Set<T> set, T element) {
        Set<T> copy = set == null ? new HashSet<>() : new HashSet<>(set);
        copy.add(element);
        return Set.copyOf(copy);
    }

    /** Null drops the map entry once nothing is left. */
    private static <T> Set<T> without(Set<T> set, T element) {
        if (set == null) {
            return null;
        }
        Set<T> copy = new HashSet<>(set);
        copy.remove(element);
        return copy.isEmpty() ? null : Set.copyOf(copy);
    }
}
