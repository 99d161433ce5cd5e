package net.flydex.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The cheapest server-side WebSocket we could build on Jetty, for the bare floors of the relay
 * bench: the upgrade is answered by a handler in front of the servlet, and each frame is read and
 * handled on Jetty's selector thread itself ({@link AbstractConnection.NonBlocking}), with no
 * dispatch to another thread, no extensions, no fragmentation and no checks beyond what the bench's
 * own frames need. Not a server for anything but measuring: it shows what a relay's hop could cost
 * on this machine with every layer between the socket and the routing taken away.
 */
final class BareWebSocket extends Handler.Wrapper {
    /** RFC 6455 section 1.3: appended to the client's key before hashing. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Big enough for a few of the bench's frames at once. */
    private static final int READ_BUFFER = 8192;

    /**
     * What a path does with its sockets: {@code opened} once each is upgraded, {@code text} with each
     * text frame and the socket it came on. Both run on Jetty's threads and must not block.
     */
    record Route(Consumer<Socket> opened, BiConsumer<Socket, String> text) {}

    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    void route(String path, Consumer<Socket> opened, BiConsumer<Socket, String> text) {
        routes.put(path, new Route(opened, text));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Route route = routes.get(Request.getPathInContext(request));
        String key = request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY);
        if (route == null || key == null) {
            return super.handle(request, response, callback);
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        response.setStatus(101);
        response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
        response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
        response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_ACCEPT, accept(key));
        // Jetty's HTTP/1.1 connection hands the socket to this one once the 101 is written.
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, new Socket(endPoint, request.getComponents().getExecutor(), route));
        callback.succeeded();
        return true;
    }

    private static String accept(String key) throws NoSuchAlgorithmException {
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(sha1);
    }

    /** One upgraded socket: frames are parsed where Jetty's selector found them readable, and written from the caller's thread. */
    static final class Socket extends AbstractConnection.NonBlocking implements Connection.UpgradeTo {
        private final Route route;
        /** Jetty's buffer convention: always in flush mode, holding the bytes not parsed yet. */
        private ByteBuffer in = BufferUtil.allocate(READ_BUFFER);
        private final ArrayDeque<ByteBuffer> queued = new ArrayDeque<>();
        private boolean writing;

        private Socket(EndPoint endPoint, java.util.concurrent.Executor executor, Route route) {
            super(endPoint, executor);
            this.route = route;
        }

        @Override
        public void onUpgradeTo(ByteBuffer prefilled) {
            // Frames the client sent right behind its upgrade request, read along with it.
            BufferUtil.append(in, prefilled);
        }

        @Override
        public void onOpen() {
            super.onOpen();
            route.opened().accept(this);
            parse();
            fillInterested();
        }

        @Override
        public void onFillable() {
            try {
                while (true) {
                    BufferUtil.compact(in);
                    int read = getEndPoint().fill(in);
                    if (read < 0) {
                        getEndPoint().close();
                        return;
                    }
                    parse();
                    if (read == 0) {
                        fillInterested();
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                getEndPoint().close(e);
            }
        }

        /** Sends one text frame (servers do not mask). */
        void send(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(payload.length + 10);
            frame.put((byte) 0x81);
            if (payload.length < 126) {
                frame.put((byte) payload.length);
            } else if (payload.length <= 0xFFFF) {
                frame.put((byte) 126).putShort((short) payload.length);
            } else {
                frame.put((byte) 127).putLong(payload.length);
            }
            write(frame.put(payload).flip());
        }

        private void write(ByteBuffer frame) {
            synchronized (queued) {
                if (writing) {
                    queued.add(frame);
                    return;
                }
                writing = true;
            }
            getEndPoint().write(new Callback() {
                @Override
                public void succeeded() {
                    ByteBuffer next;
                    synchronized (queued) {
                        next = queued.poll();
                        writing = next != null;
                    }
                    if (next != null) {
                        getEndPoint().write(this, next);
                    }
                }

                @Override
                public void failed(Throwable x) {
                    getEndPoint().close(x);
                }

                @Override
                public InvocationType getInvocationType() {
                    return InvocationType.NON_BLOCKING;
                }
            }, frame);
        }

        /** Handles every whole frame in the buffer; a partial one stays for the next read. */
        private void parse() {
            while (in.remaining() >= 2) {
                int start = in.position();
                int head = in.get() & 0xFF;
                int second = in.get() & 0xFF;
                long length = second & 0x7F;
                if (length == 126 && in.remaining() >= 2) {
                    length = in.getShort() & 0xFFFF;
                } else if (length == 127 && in.remaining() >= 8) {
                    length = in.getLong();
                } else if (length >= 126) {
                    in.position(start);
                    return;
                }
                if (length > in.capacity() || in.remaining() < 4 + length) {
                    in.position(start);
                    if (length > in.capacity()) {
                        getEndPoint().close(); // Not a frame the bench sends.
                    }
                    return;
                }
                byte[] mask = new byte[4];
                in.get(mask);
                byte[] payload = new byte[(int) length];
                in.get(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
                switch (head & 0x0F) {
                    case 0x1 -> route.text().accept(this, new String(payload, StandardCharsets.UTF_8));
                    case 0x8 -> {
                        getEndPoint().close();
                        return;
                    }
                    default -> { } // Pings and pongs: the bench's clients send none while timing.
                }
            }
        }
    }
}
