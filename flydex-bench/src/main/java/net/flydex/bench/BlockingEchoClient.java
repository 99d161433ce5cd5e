package net.flydex.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The far end of the bare two-hop floor: a WebSocket client on a plain blocking socket whose one
 * platform thread waits in {@code read} and sends every text frame straight back - one thread
 * woken per frame, the least a process can be woken for it. Like {@link BareWebSocket}, it knows
 * just the frames the bench sends (single-frame text, under 64 KiB).
 */
final class BlockingEchoClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] mask = new byte[4];

    private BlockingEchoClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
        ThreadLocalRandom.current().nextBytes(mask);
    }

    /** Dials {@code uri} (ws://host:port/path), completes the upgrade, then echoes on a thread of its own. */
    static BlockingEchoClient dial(URI uri) {
        try {
            var client = new BlockingEchoClient(new Socket(uri.getHost(), uri.getPort()));
            client.socket.setTcpNoDelay(true);
            client.upgrade(uri);
            Thread.ofPlatform().daemon().name("bare-echo-client").start(client::echo);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("the bare floor's far end could not connect", e);
        }
    }

    private void upgrade(URI uri) throws IOException {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        out.write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the server closed during the upgrade");
            }
            head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("the upgrade was refused: " + head.toString().lines().findFirst().orElse(""));
        }
    }

    private void echo() {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int length = in.readUnsignedByte() & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    throw new IOException("a frame larger than the bench sends");
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                if ((first & 0x0F) == 0x1) {
                    send(payload);
                }
            }
        } catch (IOException closed) {
            // The bench is done with this floor.
        }
    }

    /** One masked text frame, as a client must send it (RFC 6455 section 5.3). */
    private void send(byte[] payload) throws IOException {
        int header = payload.length < 126 ? 6 : 8;
        byte[] frame = new byte[header + payload.length];
        frame[0] = (byte) 0x81;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(mask, 0, frame, header - 4, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // Nothing left to release.
        }
    }
}
