package net.flydex.server.push;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 *       notification can be retired.
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

    /** Listens to this node's helpers' frames. */
    public void listenTo(AgentConnections agents) {
        agents.onFrame(this::fromHelper);
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
            default -> resolved(machine, push.get(), at);
        }
    }

    private void approval(MachineRef machine, HelperPush push, long at) {
        if (approvals.containsKey(push.approvalId())) {
            return; // Sent again (a helper that reconnected): its devices were told already.
        }
        List<PushSubscription> devices = subscriptions.deliverable(machine.accountId()).stream()
                .filter(device -> device.preferences().approvals()).toList();
        approvals.put(push.approvalId(), new Pushed(machine, devices.stream().map(PushSubscription::id).toList()));
        send(machine, push, devices, at);
    }

    private void resolved(MachineRef machine, HelperPush push, long at) {
        Pushed pushed = approvals.remove(push.approvalId());
        if (pushed == null || !pushed.machine().equals(machine) || pushed.subscriptionIds().isEmpty()) {
            return;
        }
        Set<String> told = Set.copyOf(pushed.subscriptionIds());
        // Devices signed out since are not told: their subscriptions are gone.
        send(machine, push, subscriptions.deliverable(machine.accountId()).stream().filter(device -> told.contains(device.id())).toList(), at);
    }

    /** One push per device: its own sealed copy unless it hides details, urgent, one topic per approval. */
    private void send(MachineRef machine, HelperPush push, List<PushSubscription> devices, long at) {
        if (devices.isEmpty()) {
            return;
        }
        String name = machines.find(machine.accountId(), machine.machineId()).map(Machine::name).orElse("Your computer");
        Optional<String> topic = Optional.of(PushPayloads.topic(push.approvalId()));
        for (PushSubscription device : devices) {
            Optional<String> sealed = device.preferences().hideDetails() ? Optional.empty() : push.sealedFor(device.deviceId());
            byte[] payload = PushPayloads.notice(push.kind(), machine.machineId(), name, push.approvalId(), device.deviceId().orElse(""),
                    sealed);
            sender.send(device, new PushMessage(push.kind(), payload, APPROVAL_TTL, true, topic, at));
        }
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
