package net.flydex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an idle process costs, from Linux's {@code /proc}: its resident memory and threads at the
 * end of a quiet window, and how often its threads were switched in during it - the sum over
 * {@code /proc/<pid>/task/*\/status} of voluntary and involuntary context switches, each a wake-up
 * of some thread (a timer, a ping, a poll). NaN where there is no {@code /proc}.
 */
record IdleSample(Rss rss, double threads, double wakeupsPerMinute) {
    private static final double SECONDS_PER_MINUTE = 60.0;

    /** Watches {@code pid} for {@code window}, doing nothing else. */
    static IdleSample watch(long pid, Duration window) {
        long before = switches(pid);
        Pause.of(window);
        long after = switches(pid);
        return new IdleSample(Rss.of(pid), threads(pid), (after - before) * SECONDS_PER_MINUTE / window.toSeconds());
    }

    private static double threads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        } catch (IOException | java.io.UncheckedIOException gone) {
            return Double.NaN;
        }
    }

    private static long switches(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.mapToLong(IdleSample::taskSwitches).sum();
        } catch (IOException | java.io.UncheckedIOException gone) {
            return 0;
        }
    }

    private static long taskSwitches(Path task) {
        try {
            List<String> lines = Files.readAllLines(task.resolve("status"));
            return lines.stream().filter(line -> line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:"))
                    .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip())).sum();
        } catch (IOException | RuntimeException threadGone) {
            return 0;
        }
    }
}
