package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * With {@code -Dflydex.bench.roundTrips=DIR}, every timed series of round trips is written to
 * {@code DIR/<series>.tsv}, one line per round trip: its index, when it began ({@link System#nanoTime()}) and
 * how long it took, in nanoseconds. On Linux that clock is the machine's monotonic clock, the one
 * {@code -Xlog}'s {@code timenanos} decoration prints in every JVM, so the slow round trips can be
 * laid beside the processes' own logs (JIT compilations, collections, safepoints: run the bench with
 * {@code JDK_JAVA_OPTIONS=-Xlog:...:timenanos}) to see what each was waiting for.
 */
final class RoundTripLog {
    private static final Optional<Path> DIR = Optional.ofNullable(System.getProperty("flydex.bench.roundTrips")).map(Path::of);

    private RoundTripLog() {}

    static void write(String series, long[] starts, long[] nanos) {
        if (DIR.isEmpty()) {
            return;
        }
        var lines = new StringBuilder("index\tstart_nanotime\tnanos\n");
        for (int i = 0; i < nanos.length; i++) {
            lines.append(i).append('\t').append(starts[i]).append('\t').append(nanos[i]).append('\n');
        }
        try {
            Files.createDirectories(DIR.get());
            Files.writeString(DIR.get().resolve(series + ".tsv"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the round trips of " + series, e);
        }
    }
}
