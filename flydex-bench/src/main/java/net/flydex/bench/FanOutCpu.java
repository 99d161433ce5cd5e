package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.PromptScript;
import net.flydex.testkit.SealedDevice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Section 4: the real helper's CPU per event while it seals every event for 1 and for 5
 * subscribed devices (each its own device key and session; the helper seals each event once per
 * session). Each turn streams a long scripted answer ({@value #ANSWER_CHARS} characters, in
 * deltas of {@link PromptScript#DELTA_CHARS}), so the turn is hundreds of events; the helper
 * process's CPU (user + system, /proc) is read before the turn and after every subscribed browser
 * saw it complete, and divided by the events one browser received. After untimed blocks of
 * each (the helper's JIT compiles the path), the two configurations take turns in blocks, each
 * block on a fresh thread with fresh sockets (handshakes outside the measured turns). Codex's own
 * CPU is its process's, not counted.
 */
final class FanOutCpu {
    /** The fan-out. */
    static final int DEVICES = 5;
    /** A turn's streamed answer: about 2000 delta events, so a block's CPU is a hundred clock ticks (10 ms each) or more. */
    static final int ANSWER_CHARS = 16_000;
    /** Untimed blocks first, alternating: in a shorter warm-up the first timed block still ran the JIT's first code (3x the CPU). */
    static final int WARMUP_BLOCKS = 4;
    /** Timed blocks per configuration, alternating, so drift over the run lands on both. */
    static final int BLOCKS = 3;
    /** Turns per block before the configuration changes. */
    static final int BLOCK_TURNS = 5;
    /** A scripted turn takes a second or two; this bounds a hung one only. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    /** One configuration's totals over its turns. */
    record Totals(int devices, int turns, long events, double cpuMillis) {
        double cpuMicrosPerEvent() {
            return cpuMillis * 1000 / events;
        }
    }

    record Result(Totals one, Totals five) {}

    private FanOutCpu() {}

    static Result run(ControlPlane plane, RelayDesktop desktop, Path work, int blocks) {
        List<SealedDevice> devices = new ArrayList<>(List.of(desktop.device));
        for (int i = 1; i < DEVICES; i++) {
            devices.add(desktop.introduce("fan-out browser " + i));
        }
        var one = new Totals(1, 0, 0, 0);
        var five = new Totals(DEVICES, 0, 0, 0);
        for (int warmup = 0; warmup < WARMUP_BLOCKS; warmup++) {
            int subscribed = warmup % 2 == 0 ? 1 : DEVICES;
            System.err.println("   warm-up block with " + subscribed + " device(s)...");
            block(plane, desktop, directory(work.resolve("fan-out-warmup-" + warmup)), devices.subList(0, subscribed));
        }
        for (int block = 0; block < 2 * blocks; block++) {
            boolean fanOut = block % 2 == 1;
            Totals measured = block(plane, desktop, directory(work.resolve("fan-out-" + block)), devices.subList(0, fanOut ? DEVICES : 1));
            System.err.printf("   block %d/%d, %d device(s): %d events, %.0f ms of helper CPU%n", block + 1, 2 * blocks, measured.devices(),
                    measured.events(), measured.cpuMillis());
            if (fanOut) {
                five = add(five, measured);
            } else {
                one = add(one, measured);
            }
        }
        return new Result(one, five);
    }

    private static Totals add(Totals sum, Totals more) {
        return new Totals(sum.devices(), sum.turns() + more.turns(), sum.events() + more.events(), sum.cpuMillis() + more.cpuMillis());
    }

    /** {@link #BLOCK_TURNS} turns on a fresh thread, driven from the first device's socket, every device subscribed. */
    private static Totals block(ControlPlane plane, RelayDesktop desktop, Path cwd, List<SealedDevice> devices) {
        List<TimedSocket> sockets = new ArrayList<>();
        try {
            for (SealedDevice device : devices) {
                sockets.add(desktop.browser(plane, device));
            }
            TimedSocket driver = sockets.getFirst();
            String thread = call(driver, desktop.machineId, "thread/start", WireJson.mapper().createObjectNode().put("cwd", cwd.toString()))
                    .path("result").path("thread").path("id").asString();
            long events = 0;
            double cpu = 0;
            for (int turn = 0; turn < BLOCK_TURNS; turn++) {
                double before = ProcessCpu.millis(desktop.helper.pid());
                ObjectNode params = WireJson.mapper().createObjectNode().put("threadId", thread);
                params.putArray("input").addObject().put("type", "text").put("text", "SAY: " + "fan out ".repeat(ANSWER_CHARS / 8));
                driver.sendRpc("t" + turn, desktop.machineId, "turn/start", params);
                events += eventsUntilCompleted(driver, thread);
                for (TimedSocket other : sockets.subList(1, sockets.size())) {
                    eventsUntilCompleted(other, thread);
                }
                cpu += ProcessCpu.millis(desktop.helper.pid()) - before;
            }
            return new Totals(devices.size(), BLOCK_TURNS, events, cpu);
        } finally {
            sockets.forEach(TimedSocket::close);
        }
    }

    /** Events this browser opened until the thread's turn completed; a frame that did not open stops the bench. */
    private static long eventsUntilCompleted(TimedSocket socket, String thread) {
        long events = 0;
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            JsonNode frame = socket.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).json();
            String type = frame.path("type").asString("");
            if (type.equals("e2eFailure")) {
                throw new IllegalStateException("a sealed frame did not open: " + frame);
            }
            if (type.equals("event")) {
                events++;
                if (frame.path("method").asString("").equals("turn/completed") && frame.path("params").path("threadId").asString("").equals(thread)) {
                    return events;
                }
            }
        }
    }

    private static JsonNode call(TimedSocket socket, String machineId, String method, JsonNode params) {
        socket.sendRpc("c-" + method, machineId, method, params);
        JsonNode answer = socket.await(f -> f.path("id").asString("").equals("c-" + method), LIMIT).json();
        if (!answer.path("type").asString("").equals("result")) {
            throw new IllegalStateException(method + " answered " + answer);
        }
        return answer;
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
