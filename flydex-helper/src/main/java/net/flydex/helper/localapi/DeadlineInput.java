package net.flydex.helper.localapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A connection's bytes, buffered, where every read must finish by a deadline set per phase (the
 * next request, its head, its body). A client that sends one byte now and then (slowloris) is cut
 * off when the phase's time is up, however often it sends.
 */
final class DeadlineInput {
    /** Holds a whole request head of a browser or the CLI (well under 2 KiB) in one read. */
    private static final int BUFFER_BYTES = 8 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private long deadlineNanos;

    DeadlineInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Every read from now on must be done within {@code time}. */
    void deadlineIn(Duration time) {
        deadlineNanos = System.nanoTime() + time.toNanos();
    }

    /** The next byte, or -1 at the end of the stream. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** Up to {@code length} bytes into {@code target}; -1 at the end of the stream. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            return -1;
        }
        int count = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, count);
        position += count;
        return count;
    }

    private boolean fill() throws IOException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("the client took too long");
        }
        // Rounded up, and never 0, which would mean no timeout at all.
        socket.setSoTimeout((int) Math.max(1, (remaining + 999_999) / 1_000_000));
        int count = in.read(buffer, 0, buffer.length);
        if (count < 0) {
            return false;
        }
        position = 0;
        limit = count;
        return true;
    }
}
