package net.flydex.helper.localapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes an HTTP/1.1 request byte for byte, for what the JDK HttpClient refuses to send: a
 * missing or forged Host, repeated headers.
 */
final class RawHttp {
    private RawHttp() {}

    record Response(int status, List<String> headerLines, String body) {
        List<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).strip())
                    .toList();
        }
    }

    /** @param headLines the request line and header lines, without line ends; Connection: close is added */
    static Response send(int port, List<String> headLines) throws IOException {
        return send(port, headLines, "");
    }

    /** Like {@link #send(int, List)}, with a body and its Content-Length. */
    static Response send(int port, List<String> headLines, String body) throws IOException {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String head = String.join("\r\n", headLines)
                + "\r\nContent-Length: " + bodyBytes.length
                + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bodyBytes);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        List<String> lines = new ArrayList<>(List.of(text.substring(0, headEnd).split("\r\n")));
        int status = Integer.parseInt(lines.removeFirst().split(" ")[1]);
        return new Response(status, lines, text.substring(headEnd + 4));
    }
}
