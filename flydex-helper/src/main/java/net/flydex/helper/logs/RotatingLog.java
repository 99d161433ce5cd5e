package net.flydex.helper.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import net.flydex.helper.state.PrivateFiles;

/**
 * The helper's log file, {@code flydex.log} in the log directory, bounded: past
 * {@link #MAX_FILE_BYTES} it becomes {@code flydex.log.1} (and that {@code .2}, and so on up to
 * {@link #KEPT_FILES}), so the logs never take more than a few MiB. Files are 0600.
 */
public final class RotatingLog {
    /** A day or two of a busy helper's lines; small enough to read whole. */
    static final long MAX_FILE_BYTES = 1024 * 1024;
    /** flydex.log plus two older ones: at most 3 MiB on disk. */
    static final int KEPT_FILES = 3;
    static final String FILE_NAME = "flydex.log";

    private final Path dir;
    private final long maxBytes;
    private OutputStream out;
    private long size;

    RotatingLog(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        open();
    }

    public static RotatingLog open(Path dir) throws IOException {
        return new RotatingLog(dir, MAX_FILE_BYTES);
    }

    /** Appends one line (a newline is added). */
    public synchronized void append(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        out.write(bytes);
        out.flush();
        size += bytes.length;
    }

    /** The files from oldest to newest. */
    static java.util.List<Path> files(Path dir) {
        var files = new java.util.ArrayList<Path>();
        for (int i = KEPT_FILES - 1; i >= 1; i--) {
            files.add(dir.resolve(FILE_NAME + "." + i));
        }
        files.add(dir.resolve(FILE_NAME));
        return files.stream().filter(Files::exists).toList();
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(dir.resolve(FILE_NAME + "." + (KEPT_FILES - 1)));
        for (int i = KEPT_FILES - 2; i >= 1; i--) {
            Path older = dir.resolve(FILE_NAME + "." + i);
            if (Files.exists(older)) {
                Files.move(older, dir.resolve(FILE_NAME + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(dir.resolve(FILE_NAME), dir.resolve(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private void open() throws IOException {
        PrivateFiles.ensureDir(dir);
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            PrivateFiles.createPrivate(file);
        }
        size = Files.size(file);
        out = Files.newOutputStream(file, StandardOpenOption.APPEND);
    }
}
