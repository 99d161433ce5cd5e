package net.flydex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time the JIT compiler threads (HotSpot's "C1 CompilerThread…" and "C2 CompilerThread…") of
 * one process have used so far, from Linux's {@code /proc/<pid>/task/<tid>/schedstat} (nanoseconds
 * on a CPU); NaN where there is no {@code /proc}. A difference over a timed span tells whether the
 * JVM was still compiling then: on 2 cores a compiler thread takes a core from the path being timed,
 * and the round trips it delays make the tail.
 */
record CompilerCpu(double millis) {
    private static final CompilerCpu UNKNOWN = new CompilerCpu(Double.NaN);
    private static final double NANOS_PER_MILLI = 1e6;

    static CompilerCpu of(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return UNKNOWN;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            return new CompilerCpu(threads.filter(CompilerCpu::isCompiler).mapToLong(CompilerCpu::onCpuNanos).sum() / NANOS_PER_MILLI);
        } catch (IOException processGone) {
            return UNKNOWN;
        }
    }

    CompilerCpu since(CompilerCpu earlier) {
        return new CompilerCpu(millis - earlier.millis);
    }

    private static boolean isCompiler(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).strip();
            return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
        } catch (IOException threadGone) {
            return false;
        }
    }

    /** The first schedstat field: time spent on a CPU, in nanoseconds. */
    private static long onCpuNanos(Path thread) {
        try {
            return Long.parseLong(Files.readString(thread.resolve("schedstat")).strip().split(" ")[0]);
        } catch (IOException | RuntimeException threadGone) {
            return 0;
        }
    }
}
