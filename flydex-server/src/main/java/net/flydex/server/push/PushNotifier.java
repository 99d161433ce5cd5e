package net.flydex.server.push;

import java.time.Duration;
import java.util.HashMap;
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
import net.flydex.protocol.WireJson;
import net.flydex.server.machines.AgentConnection;
import net.flydex.server.machines.AgentConnections;
import net.flydex.server.machines.Machine;
import net.flydex.server.machines.Machines;
import net.flydex.server.relay.MachineRef;
import tools.jackson.databind.JsonNode;

/**
 * What raises a push: frames from the helpers connected to <em>this</em> node (so in a cluster
 * each push is sent once, by the node holding the helper's socket) and those helpers going away.
 *
 * <ul>
 *   <li>an {@code approval} card: one {@code approval} push per device of the account that wants
 *       approvals ({@link PushPreferences#approvals});
 *   <li>{@code approvalResolved}: an {@code approvalResolved} push to each device that got the approval's;
 *   <li>{@code turn/completed} (completed or failed) of a turn seen starting: {@code turnEnded} to devices that opted in;
 *   <li>a helper leaving while one of its turns runs: {@code machineOffline} to devices that opted in.
 * </ul>
 *
 * <p>The relay's thread only recognises a frame by its opening ({@link #interesting}) and hands
 * it over to a bounded queue; parsing, the database, encrypting and sending happen on one trigger
 * thread (in order, so an approval's fan-out is done before its resolution is handled), which
 * never waits on the network ({@link PushSender}).
 * The turn tracking is small: running turn ids per machine, thread titles seen in approvals.
 */
public final class PushNotifier implements AutoCloseable {
    /** Approvals remembered for their resolution; older ones are forgotten (their notification then stays until tapped). */
    static final int APPROVALS_KEPT = 4096;
    /** Thread titles remembered for turn-ended pushes. */
    static final int TITLES_KEPT = 1024;
    /** Turns tracked per machine: Codex runs one per thread, and a person a handful of threads at once. */
    static final int TURNS_PER_MACHINE = 64;
    /** Triggers waiting for the trigger thread; past this they are dropped. */
    static final int TRIGGER_QUEUE = 1000;
    static final Duration APPROVAL_TTL = Duration.ofHours(12);
    static final Duration NOTICE_TTL = Duration.ofHours(1);

    /** The devices an approval's push went to, so they can be told when it is resolved. */
    private record Pushed(MachineRef machine, List<String> subscriptionIds) {}

    private final PushSubscriptions subscriptions;
    private final PushSender sender;
    private final Machines machines;
    private final ThreadPoolExecutor triggers;
    // Touched on the trigger thread only.
    private final Map<String, Pushed> approvals = lru(APPROVALS_KEPT);
    private final Map<String, String> titles = lru(TITLES_KEPT);
    private final Map<MachineRef, Map<String, String>> runningTurns = new HashMap<>();

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
                trigger(() -> offline(new MachineRef(presence.accountId(), presence.machineId())));
            }
        });
    }

    private void fromHelper(AgentConnection connection, String text) {
        if (interesting(text)) {
            long at = System.nanoTime();
            var machine = new MachineRef(connection.accountId(), connection.machineId());
            trigger(() -> handle(machine, text, at));
        }
    }

    /**
     * Whether a frame may raise a push, from its opening alone: the helper writes {@code type} first
     * ({@code RelayFrames}), and among events only turn starts and ends matter. A JSON string
     * token {@code "turn/started"} cannot occur escaped inside another string.
     */
    static boolean interesting(String text) {
        return text.startsWith("{\"type\":\"approval") || text.startsWith("{\"type\":\"event\"")
                && (text.contains("\"turn/started\"") || text.contains("\"turn/completed\""));
    }

    private void trigger(Runnable work) {
        try {
            triggers.execute(work);
        } catch (RejectedExecutionException full) {
            sender.dropped();
        }
    }

    private void handle(MachineRef machine, String text, long at) {
        JsonNode frame = WireJson.mapper().readTree(text);
        if (!machine.machineId().equals(frame.path("machineId").asString(""))) {
            return; // A helper speaks for its own machine only (as the relay checks).
        }
        switch (frame.path("type").asString("")) {
            case "approval" -> approval(machine, frame.path("approval"), at);
            case "approvalResolved" -> resolved(machine, frame, at);
            case "event" -> event(machine, frame.path("method").asString(""), frame.path("params"), at);
            default -> { }
        }
    }

    private void approval(MachineRef machine, JsonNode approval, long at) {
        String approvalId = approval.path("approvalId").asString("");
        if (approvalId.isEmpty() || approvals.containsKey(approvalId)) {
            return; // Sent again after a reconnect: its devices were told already.
        }
        String threadId = approval.path("threadId").asString("");
        JsonNode title = approval.path("threadTitle");
        if (title.isString() && !threadId.isEmpty()) {
            titles.put(threadId, PushPayloads.cut(title.asString(), PushPayloads.MAX_THREAD_TITLE));
        }
        List<PushSubscription> devices = devices(machine, PushPreferences::approvals);
        approvals.put(approvalId, new Pushed(machine, devices.stream().map(PushSubscription::id).toList()));
        String name = machineName(machine);
        Optional<String> topic = Optional.of(PushPayloads.topic(approvalId));
        for (PushSubscription device : devices) {
            byte[] payload = PushPayloads.approval(machine.machineId(), name, approval, device.preferences().hideDetails());
            sender.send(device, new PushMessage("approval", payload, APPROVAL_TTL, true, topic, at));
        }
    }

    private void resolved(MachineRef machine, JsonNode frame, long at) {
        String approvalId = frame.path("approvalId").asString("");
        Pushed pushed = approvals.remove(approvalId);
        if (pushed == null || !pushed.machine().equals(machine) || pushed.subscriptionIds().isEmpty()) {
            return;
        }
        byte[] payload = PushPayloads.resolved(machine.machineId(), frame);
        Set<String> told = Set.copyOf(pushed.subscriptionIds());
        // Devices signed out since are not told: their subscriptions are gone.
        for (PushSubscription device : subscriptions.deliverable(machine.accountId())) {
            if (told.contains(device.id())) {
                sender.send(device, new PushMessage("approvalResolved", payload, APPROVAL_TTL, true,
                        Optional.of(PushPayloads.topic(approvalId)), at));
            }
        }
    }

    private void event(MachineRef machine, String method, JsonNode params, long at) {
        String threadId = params.path("threadId").asString("");
        String turnId = params.path("turn").path("id").asString("");
        if (turnId.isEmpty()) {
            return;
        }
        if (method.equals("turn/started")) {
            Map<String, String> turns = runningTurns.computeIfAbsent(machine, m -> new LinkedHashMap<>());
            if (turns.size() < TURNS_PER_MACHINE) {
                turns.put(turnId, threadId);
            }
            return;
        }
        Map<String, String> turns = runningTurns.getOrDefault(machine, Map.of());
        if (!method.equals("turn/completed") || turns.remove(turnId) == null) {
            return;
        }
        if (turns.isEmpty()) {
            runningTurns.remove(machine);
        }
        String status = params.path("turn").path("status").asString("");
        if (!status.equals("completed") && !status.equals("failed")) {
            return; // Interrupted: the person did it.
        }
        String name = machineName(machine);
        for (PushSubscription device : devices(machine, PushPreferences::turnEnded)) {
            byte[] payload = PushPayloads.turnEnded(machine.machineId(), name, threadId, Optional.ofNullable(titles.get(threadId)), status,
                    device.preferences().hideDetails());
            sender.send(device, new PushMessage("turnEnded", payload, NOTICE_TTL, false, Optional.empty(), at));
        }
    }

    private void offline(MachineRef machine) {
        long at = System.nanoTime();
        Map<String, String> turns = runningTurns.remove(machine);
        if (turns == null || turns.isEmpty()) {
            return;
        }
        byte[] payload = PushPayloads.machineOffline(machine.machineId(), machineName(machine));
        for (PushSubscription device : devices(machine, PushPreferences::machineOffline)) {
            sender.send(device, new PushMessage("machineOffline", payload, NOTICE_TTL, false, Optional.empty(), at));
        }
    }

    private List<PushSubscription> devices(MachineRef machine, Predicate<PushPreferences> wants) {
        return subscriptions.deliverable(machine.accountId()).stream().filter(s -> wants.test(s.preferences())).toList();
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
