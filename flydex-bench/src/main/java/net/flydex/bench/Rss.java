package net.flydex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory of one process in MiB, from Linux's {@code /proc/<pid>/status}; NaN where there
 * is no {@code /proc} (the report prints n/a).
 *
 * @param totalMib VmRSS: what a process monitor shows
 * @param anonMib RssAnon: the part that is this process's own, as opposed to file-backed pages
 *     (executable, libraries, class archive) that the page cache shares with other processes
 * @param fileMib RssFile: the file-backed part; clean pages of it the kernel can drop under memory
 *     pressure and read again, which it cannot do with anonymous pages on a machine without swap
 */
record Rss(double totalMib, double anonMib, double fileMib) {
    private static final double KIB_PER_MIB = 1024.0;
    private static final Rss UNKNOWN = new Rss(Double.NaN, Double.NaN, Double.NaN);

    static Rss of(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return UNKNOWN;
        }
        try {
            List<String> lines = Files.readAllLines(status);
            return new Rss(field(lines, "VmRSS:"), field(lines, "RssAnon:"), field(lines, "RssFile:"));
        } catch (IOException processGone) {
            return UNKNOWN;
        }
    }

    /** A "Name:   1234 kB" line, in MiB. */
    private static double field(List<String> lines, String name) {
        return lines.stream()
                .filter(line -> line.startsWith(name))
                .mapToDouble(line -> Long.parseLong(line.substring(name.length()).replace("kB", "").strip()) / KIB_PER_MIB)
                .findFirst()
                .orElse(Double.NaN);
    }
}
