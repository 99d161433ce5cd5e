package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A scratch directory for Codex homes and helper state, removed with everything in it. */
record TempDir(Path path) implements AutoCloseable {

    static TempDir create(String prefix) {
        try {
            return new TempDir(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory", e);
        }
    }

    /** Call after every process using it has exited; a leftover is reported, not fatal. */
    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(path)) {
            long left = all.sorted(Comparator.reverseOrder()).filter(p -> !p.toFile().delete()).count();
            if (left > 0) {
                System.err.println("could not remove " + left + " files under " + path);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove " + path + ": " + e.getMessage());
        }
    }
}
