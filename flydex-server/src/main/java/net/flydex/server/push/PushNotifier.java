package net.flydex.server.push;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.machines.AgentConnection;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.machines.Machine;
import net.flydex.server.machines.Machines;
import net.flydex.server.relay.MachineRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What raises a push: a helper's {@code push} frame ({@link HelperPush}), from the helpers
 * connected to <em>this</em> node, so in a cluster each push is sent once, by the node holding
 * the helper's socket. The server cannot read approval cards (they travel sealed), so the helper
 * says when to push and seals the content for each device; each subscription then gets the clear
 * fields and its device's sealed copy ({@link PushPayloads#notice}).
 *
 * <ul>
 *   <li>{@code approval}: one push per device of the account that wants approvals
 *       ({@link PushPreferences#approvals});
 *   <li>{@code approvalResolved}: one push to each device that got the approval's, so its
 *       notification can be retired;
 *   <li>{@code turnEnded} (a turn the helper saw start completed or failed): one push per device
 *       that opted in ({@link PushPreferences#turnEnded});
 *   <li>{@code turnsRunning} and {@code turnsIdle}, which carry nothing: whether the machine is
 *       busy, so that its socket going away while it is raises {@code machineOffline} to the
 *       devices that opted in ({@link PushPreferences#machineOffline}), as the server knows it
 *       went away but can no longer read turn events.
 * </ul>
 *
 * <p>The helper's reader thread only recognises the frame by its opening ({@link #isPush}) and
 * hands it to a bounded queue; parsing, the database, encrypting and sending happen on one
 * trigger thread (in order, so an approval's fan-out is done before its resolution is handled),
 * which never waits on the network ({@link PushSender}).
 */
public final class PushNotifier implements AutoCloseable {
    /** Approvals remembered for their resolution; older ones are forgotten (their notification then stays until tapped). */
    static final int APPROVALS_KEPT = 4096;
    /** Triggers waiting for the trigger thread; past this they are dropped. */
    static final int TRIGGER_QUEUE = 1000;
    static final Duration APPROVAL_TTL = Duration.ofHours(12);
    /** A turn's end or a machine leaving is news for an hour; after that the app says it better. */
    static final Duration NOTICE_TTL = Duration.ofHours(1);
    /** How {@link SealedFrames#push} starts: the helper writes {@code type} first. */
    private static final String PUSH_OPENING = "{\"type\":\"" + SealedFrames.PUSH + "\"";
    private static final Logger log = LoggerFactory.getLogger(PushNotifier.class);

    /** The devices an approval's push went to, so they can be told when it is resolved. */
    private record Pushed(MachineRef machine, List<String> subscriptionIds) {}

    private final PushSubscriptions subscriptions;
    private final PushSender sender;
    private final Machines machines;
    private final ThreadPoolExecutor triggers;
    // Touched on the trigger thread only.
    private final Map<String, Pushed> approvals = lru(APPROVALS_KEPT);
    /** This node's helpers that said a turn runs; one entry per connected machine at most (left on its way out). */
    private final Set<MachineRef> busy = new HashSet<>();

    public PushNotifier(PushSubscriptions subscriptions, PushSender sender, Machines machines) {
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.machines = machines;
        this.triggers = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(TRIGGER_QUEUE), task -> {
            var thread = new Thread(task, "flydex-push-triggers");
            thread.setDaemon(true);
            return thread;
        });
        sender.watchQueue(() -> triggers.getQueue().size());
    }

    /** Listens to this node's helpers: their frames and their leaving. */
    public void listenTo(AgentConnections agents) {
        agents.onFrame(this::fromHelper);
        agents.onPresence(presence -> {
            if (!presence.online()) {
                var machine = new MachineRef(presence.accountId(), presence.machineId());
                long at = System.nanoTime();
                trigger(() -> offline(machine, at));
            }
        });
    }

    private void fromHelper(AgentConnection connection, String text) {
        if (isPush(text)) {
            long at = System.nanoTime();
            var machine = new MachineRef(connection.accountId(), connection.machineId());
            trigger(() -> handle(machine, text, at));
        }
    }

    /** Whether a frame is a {@code push}, from its opening alone, so other frames cost the reader thread nothing. */
    static boolean isPush(String text) {
        return text.startsWith(PUSH_OPENING);
    }

    private void trigger(Runnable work) {
        try {
            triggers.execute(work);
        } catch (RejectedExecutionException full) {
            sender.dropped();
        }
    }

    private void handle(MachineRef machine, String text, long at) {
        Optional<HelperPush> push = HelperPush.read(machine, WireJson.mapper().readTree(text));
        if (push.isEmpty()) {
            log.debug("dropped a malformed push frame from machine {}", machine.machineId());
            return;
        }
        switch (push.get().kind()) {
            case SealedFrames.PUSH_APPROVAL -> approval(machine, push.get(), at);
            case SealedFrames.PUSH_RESOLVED -> resolved(machine, push.get(), at);
            case SealedFrames.PUSH_TURN_ENDED -> send(machine, push.get(), wanting(machine, PushPreferences::turnEnded), at);
            case SealedFrames.PUSH_TURNS_RUNNING -> busy.add(machine);
            default -> busy.remove(machine);
        }
    }

    private void approval(MachineRef machine, HelperPush push, long at) {
        String approvalId = push.approvalId().orElseThrow(); // HelperPush.read: an approval's push names it.
        if (approvals.containsKey(approvalId)) {
            return; // Sent again (a helper that reconnected): its devices were told already.
        }
        List<PushSubscription> devices = wanting(machine, PushPreferences::approvals);
        approvals.put(approvalId, new Pushed(machine, devices.stream().map(PushSubscription::id).toList()));
        send(machine, push, devices, at);
    }

    private void resolved(MachineRef machine, HelperPush push, long at) {
        Pushed pushed = approvals.remove(push.approvalId().orElseThrow());
        if (pushed == null || !pushed.machine().equals(machine) || pushed.subscriptionIds().isEmpty()) {
            return;
        }
        Set<String> told = Set.copyOf(pushed.subscriptionIds());
        // Devices signed out since are not told: their subscriptions are gone.
        send(machine, push, subscriptions.deliverable(machine.accountId()).stream().filter(device -> told.contains(device.id())).toList(), at);
    }

    /**
     * One push per device: its own sealed copy unless it hides details. An approval's are urgent
     * and share one topic per approval; a turn's end is news for an hour.
     */
    private void send(MachineRef machine, HelperPush push, List<PushSubscription> devices, long at) {
        if (devices.isEmpty()) {
            return;
        }
        String name = machineName(machine);
        Optional<String> topic = push.approvalId().map(PushPayloads::topic);
        for (PushSubscription device : devices) {
            Optional<String> sealed = device.preferences().hideDetails() ? Optional.empty() : push.sealedFor(device.deviceId());
            byte[] payload = PushPayloads.notice(push.kind(), machine.machineId(), name, push.approvalId(), device.deviceId().orElse(""),
                    sealed);
            sender.send(device, new PushMessage(push.kind(), payload, topic.isPresent() ? APPROVAL_TTL : NOTICE_TTL, topic.isPresent(),
                    topic, at));
        }
    }

    /**
     * This node held the helper's socket and it went away: if a turn was running, the devices that
     * asked hear of it. A machine removed from the account (its socket closed for it) raises nothing.
     */
    private void offline(MachineRef machine, long at) {
        Optional<Machine> known = machines.find(machine.accountId(), machine.machineId());
        if (!busy.remove(machine) || known.isEmpty()) {
            return;
        }
        byte[] payload = PushPayloads.machineOffline(machine.machineId(), known.get().name());
        for (PushSubscription device : wanting(machine, PushPreferences::machineOffline)) {
            sender.send(device, new PushMessage("machineOffline", payload, NOTICE_TTL, false, Optional.empty(), at));
        }
    }

    private List<PushSubscription> wanting(MachineRef machine, Predicate<PushPreferences> wants) {
        return subscriptions.deliverable(machine.accountId()).stream().filter(device -> wants.test(device.preferences())).toList();
    }

    private String machineName(MachineRef machine) {
        return machines.find(machine.accountId(), machine.machineId()).map(Machine::name).orElse("Your computer");
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public void close() {
        triggers.shutdownNow();
    }
}
