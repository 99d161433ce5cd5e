package net.flydex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What an idle process costs, from Linux's {@code /proc}: its resident memory and threads at the
 * end of a quiet window, and how often its threads were switched in during it - the sum over
 * {@code /proc/<pid>/task/*\/status} of voluntary and involuntary context switches, each a wake-up
 * of some thread (a timer, a ping, a poll). NaN where there is no {@code /proc}.
 *
 * @param involuntaryPerMinute of {@code wakeupsPerMinute}, the involuntary switches: a running thread preempted,
 *     which a loaded machine adds to each real wake-up (the voluntary switches are the thread going back to
 *     sleep, one per wake-up)
 * @param byThread wake-ups per minute by thread name (as the kernel holds it, at most 15 characters;
 *     threads of one name summed), largest first, threads that never woke left out
 * @param involuntaryByThread of {@code byThread}, the involuntary switches, for the same names
 * @param asleep the names of the threads that never woke during the window, in name order (the rest
 *     of what the process keeps: each holds a stack, none costs a wake-up)
 */
record IdleSample(Rss rss, double threads, double wakeupsPerMinute, double involuntaryPerMinute, Map<String, Double> byThread,
        Map<String, Double> involuntaryByThread, List<String> asleep) {
    private static final double SECONDS_PER_MINUTE = 60.0;

    /** Watches {@code pid} for {@code window}, doing nothing else. */
    static IdleSample watch(long pid, Duration window) {
        Map<String, Task> before = tasks(pid);
        Pause.of(window);
        Map<String, Task> after = tasks(pid);
        double perMinute = SECONDS_PER_MINUTE / window.toSeconds();
        // Per thread: a thread that ended during the window takes its count with it, one that started brings all of its own.
        Map<String, Long> byName = new TreeMap<>();
        Map<String, Long> involuntaryByName = new TreeMap<>();
        after.forEach((id, task) -> {
            Task was = before.getOrDefault(id, Task.NONE);
            byName.merge(task.name(), task.switches() - was.switches(), Long::sum);
            involuntaryByName.merge(task.name(), task.involuntary() - was.involuntary(), Long::sum);
        });
        long during = byName.values().stream().mapToLong(Long::longValue).sum();
        long involuntary = involuntaryByName.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> byThread = byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() * perMinute, (a, b) -> a, LinkedHashMap::new));
        List<String> asleep = after.entrySet().stream()
                .filter(e -> !e.getValue().name().isEmpty() && e.getValue().switches() == before.getOrDefault(e.getKey(), Task.NONE).switches())
                .map(e -> e.getValue().name()).sorted().toList();
        Map<String, Double> involuntaryByThread = byThread.keySet().stream()
                .collect(Collectors.toMap(name -> name, name -> involuntaryByName.getOrDefault(name, 0L) * perMinute, (a, b) -> a, LinkedHashMap::new));
        return new IdleSample(Rss.of(pid), threads(pid), during * perMinute, involuntary * perMinute, byThread, involuntaryByThread, asleep);
    }

    private static double threads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        } catch (IOException | java.io.UncheckedIOException gone) {
            return Double.NaN;
        }
    }

    /** One thread: its name and its context switches so far, all and of them involuntary. */
    private record Task(String name, long switches, long involuntary) {
        static final Task NONE = new Task("", 0, 0);
    }

    /** By thread id. */
    private static Map<String, Task> tasks(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.collect(Collectors.toMap(task -> task.getFileName().toString(), IdleSample::task));
        } catch (IOException | java.io.UncheckedIOException gone) {
            return Map.of();
        }
    }

    private static Task task(Path task) {
        try {
            List<String> lines = Files.readAllLines(task.resolve("status"));
            long voluntary = count(lines, "voluntary_ctxt_switches:");
            long involuntary = count(lines, "nonvoluntary_ctxt_switches:");
            return new Task(Files.readString(task.resolve("comm")).strip(), voluntary + involuntary, involuntary);
        } catch (IOException | RuntimeException threadGone) {
            return Task.NONE;
        }
    }

    private static long count(List<String> status, String field) {
        return status.stream().filter(line -> line.startsWith(field))
                .mapToLong(line -> Long.parseLong(line.substring(field.length()).strip())).sum();
    }
}
