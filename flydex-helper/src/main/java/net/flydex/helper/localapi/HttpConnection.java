package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the local API, on its own virtual thread: requests one after another
 * (keep-alive), each read within its deadlines, handed to the handler, answered, until the client
 * or a deadline ends it. While it waits it is parked, not polling: an idle helper wakes for nothing.
 */
final class HttpConnection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
    /** Holds any answer of the local API (under 1 KiB) whole, so it leaves in one write. */
    private static final int OUT_BUFFER_BYTES = 4 * 1024;
    /**
     * Most a refused client may still be sending after its answer (an oversized body) that is read
     * and dropped before closing: closing with unread bytes resets the connection, and the reset
     * can destroy the answer before the client reads it.
     */
    private static final int LINGER_DRAIN_BYTES = 1024 * 1024;
    /** How long that drain may take. */
    private static final Duration LINGER = Duration.ofSeconds(1);

    private final Socket socket;
    private final HttpHandler handler;
    private final ConnectionTimes times;

    HttpConnection(Socket socket, HttpHandler handler, ConnectionTimes times) {
        this.socket = socket;
        this.handler = handler;
        this.times = times;
    }

    @Override
    public void run() {
        try (socket) {
            var in = new DeadlineInput(socket);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), OUT_BUFFER_BYTES);
            var local = (InetSocketAddress) socket.getLocalSocketAddress();
            var remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            boolean first = true;
            while (true) {
                Optional<RequestHead> head = nextHead(in, out, first);
                if (head.isEmpty()) {
                    lingeringClose(in, out);
                    return;
                }
                first = false;
                in.deadlineIn(times.body());
                var exchange = new LocalExchange(head.get(), local, remote, in, out);
                handler.handle(exchange);
                if (!exchange.connectionReusable()) {
                    lingeringClose(in, out);
                    return;
                }
            }
        } catch (IOException | RuntimeException endedOrBroken) {
            // A client that went away or took too long; nothing to answer. Never its content in the log.
            log.debug("local API connection closed: {}", endedOrBroken.getClass().getSimpleName());
        }
    }

    /** Sends what is written, says so (FIN), and drops what the client still sends, so the answer is not lost to a reset. */
    private void lingeringClose(DeadlineInput in, OutputStream out) throws IOException {
        out.flush();
        socket.shutdownOutput();
        in.deadlineIn(LINGER);
        byte[] sink = new byte[OUT_BUFFER_BYTES];
        long drained = 0;
        int count;
        while (drained < LINGER_DRAIN_BYTES && (count = in.read(sink, 0, sink.length)) >= 0) {
            drained += count;
        }
    }

    /** The next request's head; empty once the client is done or sent what cannot be read (answered first). */
    private Optional<RequestHead> nextHead(DeadlineInput in, OutputStream out, boolean first) throws IOException {
        // The first request is due at once; between requests the connection may idle for a while.
        in.deadlineIn(first ? times.head() : times.keepAliveIdle());
        try {
            return RequestHead.read(in, () -> in.deadlineIn(times.head()));
        } catch (MalformedRequest malformed) {
            log.debug("refused an unreadable request: {}", malformed.getMessage());
            LocalExchange.answerUnreadable(out, malformed.reply());
            return Optional.empty();
        }
    }
}
