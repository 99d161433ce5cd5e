package net.flydex.helper.codex;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One client connection to the shared Codex daemon: HTTP/1.1 upgraded to WebSocket over the
 * daemon's Unix-domain control socket, one JSON-RPC message per text frame. Jetty does the
 * framing (masking, pings, fragments), so the helper never hand-writes WebSocket frames.
 */
public final class DaemonSocketTransport implements CodexTransport {
    /** The daemon advertises 16 MiB unfragmented messages; thread/read answers can be large. */
    private static final long MAX_MESSAGE_BYTES = 16L * 1024 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final WebSocketClient client;
    private final Session session;
    private final ReentrantLock writeLock = new ReentrantLock();

    private DaemonSocketTransport(WebSocketClient client, Session session) {
        this.client = client;
        this.session = session;
    }

    /** Connects to the daemon's control socket, or throws if no daemon is listening there. */
    public static DaemonSocketTransport connect(Path socket, TransportListener listener) throws IOException {
        var client = new WebSocketClient(overUnixSocket(socket));
        client.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        client.setIdleTimeout(Duration.ZERO);
        client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        try {
            client.start();
            Session session = client.connect(new Endpoint(listener), URI.create("ws://localhost/"))
                    .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new DaemonSocketTransport(client, session);
        } catch (ExecutionException | TimeoutException e) {
            stopQuietly(client);
            throw new IOException("no Codex daemon answered on " + socket, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(client);
            throw new IOException("interrupted while connecting to the Codex daemon", e);
        } catch (Exception e) {
            stopQuietly(client);
            throw new IOException("could not connect to the Codex daemon: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Every request this client makes - here, only the upgrade - goes to the Unix socket. */
    private static HttpClient overUnixSocket(Path socket) {
        return new HttpClient() {
            @Override
            public Request newRequest(URI uri) {
                return super.newRequest(uri).transport(new Transport.TCPUnix(socket));
            }
        };
    }

    @Override
    public void send(String json) throws IOException {
        writeLock.lock();
        try {
            // Jetty allows one outstanding write per session; waiting keeps messages in order.
            var sent = new Callback.Completable();
            session.sendText(json, sent);
            sent.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not write to the Codex daemon", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to the Codex daemon", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        session.close();
        stopQuietly(client);
    }

    private static void stopQuietly(WebSocketClient client) {
        // Stopping from a Jetty thread would deadlock; hand it to a fresh thread.
        Thread.ofVirtual().start(() -> {
            try {
                client.stop();
            } catch (Exception ignored) {
                // Best effort: the socket is already gone.
            }
        });
    }

    /** Delivers frames, and the close exactly once. Public because Jetty binds it by method handles. */
    public static final class Endpoint implements Session.Listener.AutoDemanding {
        private final TransportListener listener;
        private final AtomicBoolean closed = new AtomicBoolean();

        Endpoint(TransportListener listener) {
            this.listener = listener;
        }

        @Override
        public void onWebSocketText(String message) {
            listener.onMessage(message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            callback.succeed();
            closeOnce("the Codex daemon closed the connection (" + statusCode + ")");
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closeOnce("the connection to the Codex daemon failed");
        }

        private void closeOnce(String reason) {
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(reason);
            }
        }
    }
}
