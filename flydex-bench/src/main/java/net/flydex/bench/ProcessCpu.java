package net.flydex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU a process has used so far (user + system, all its threads, ended ones too), in
 * milliseconds, from Linux's {@code /proc/<pid>/stat}; NaN where there is none. Unlike wall time
 * it hardly moves with the machine's load, so it is the start-up figure that compares across runs.
 */
final class ProcessCpu {
    /** USER_HZ: the unit of utime and stime, 100 on every Linux the bench runs on. */
    private static final double MILLIS_PER_TICK = 10.0;
    /** utime and stime are fields 14 and 15; counted from the field after the command's closing parenthesis (field 3). */
    private static final int UTIME_AFTER_COMMAND = 11;

    private ProcessCpu() {}

    static double millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[UTIME_AFTER_COMMAND]) + Long.parseLong(fields[UTIME_AFTER_COMMAND + 1])) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException noProc) {
            return Double.NaN;
        }
    }
}
