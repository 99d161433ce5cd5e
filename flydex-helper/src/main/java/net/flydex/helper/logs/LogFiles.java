package net.flydex.helper.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reading the helper's log files back, newest lines last ({@code flydex logs}, {@code flydex doctor}). */
public final class LogFiles {
    private LogFiles() {}

    /** The last {@code count} lines across the rotated files. */
    public static List<String> tail(Path logDir, int count) throws IOException {
        return last(logDir, count, line -> true);
    }

    /** The last {@code count} warnings and errors. */
    public static List<String> recentProblems(Path logDir, int count) throws IOException {
        return last(logDir, count, line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("flydex: "));
    }

    private static List<String> last(Path logDir, int count, Predicate<String> wanted) throws IOException {
        var lines = new ArrayList<String>();
        for (Path file : RotatingLog.files(logDir)) {
            // Malformed bytes must not hide the rest of the file.
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            text.lines().filter(wanted).forEach(lines::add);
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
