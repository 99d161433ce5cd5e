package net.flydex.helper.localapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One raw TCP connection to the local API, for what no HTTP client sends: broken request lines,
 * oversized heads, slow bytes, several requests on one connection. Reads answers one at a time.
 */
final class WireClient implements AutoCloseable {
    /** Any answer of the local API arrives in milliseconds; this only bounds a broken test. */
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream in;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    }

    static WireClient open(int port) throws IOException {
        return new WireClient(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** The bytes as given, ISO-8859-1: line ends are the caller's. */
    WireClient write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** The next answer: status line, headers, and the body its Content-Length announces. */
    RawHttp.Response read() throws IOException {
        String statusLine = line();
        List<String> headers = new ArrayList<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            headers.add(line);
        }
        var response = new RawHttp.Response(Integer.parseInt(statusLine.split(" ")[1]), headers, "");
        int length = response.header("Content-Length").stream().findFirst().map(Integer::parseInt).orElse(0);
        return new RawHttp.Response(response.status(), headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /** Whether the server closed the connection within {@code time} (end of stream or reset), having sent nothing more. */
    boolean closedWithin(Duration time) throws IOException {
        socket.setSoTimeout((int) time.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    private String line() throws IOException {
        var bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection mid-answer");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
