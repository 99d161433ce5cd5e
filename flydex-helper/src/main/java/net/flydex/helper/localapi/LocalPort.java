package net.flydex.helper.localapi;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The local API's port on 127.0.0.1, taken before the server behind it exists: a helper binds it
 * first thing, so a second helper on the same port stops before it starts Codex, and connections
 * made meanwhile wait in the backlog until {@link LocalApiServer#start} answers them.
 */
public final class LocalPort implements AutoCloseable {
    /** Connections the kernel holds before they are accepted (the JDK server's default). */
    private static final int BACKLOG = 50;

    private final ServerSocket socket;

    private LocalPort(ServerSocket socket) {
        this.socket = socket;
    }

    /**
     * @param port the port to bind on 127.0.0.1; 0 picks a free one, see {@link #number()}
     * @throws BindException saying which port on 127.0.0.1 is in use
     * @throws IllegalArgumentException for a port outside 0..65535
     */
    public static LocalPort bind(int port) throws IOException {
        checked(port);
        // 127.0.0.1 itself, not getLoopbackAddress(): with preferIPv6Addresses that is ::1, where
        // the web page (which calls 127.0.0.1) would not find the helper.
        InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        var socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(loopback, port), BACKLOG);
            return new LocalPort(socket);
        } catch (BindException e) {
            socket.close();
            BindException clear = new BindException("Port " + port + " on 127.0.0.1 is in use; is another FlyDex helper already running?");
            clear.initCause(e);
            throw clear;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** @throws IllegalArgumentException for a port outside 0..65535 */
    static int checked(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        return port;
    }

    /** The bound port: the requested one, or the one picked for port 0. */
    public int number() {
        return socket.getLocalPort();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    ServerSocket socket() {
        return socket;
    }

    /** Frees the port; a server started on it stops accepting. Closing twice does nothing more. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // Closing is all that was wanted.
        }
    }
}
