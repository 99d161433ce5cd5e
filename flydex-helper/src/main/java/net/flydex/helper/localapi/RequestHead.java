package net.flydex.helper.localapi;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.flydex.protocol.Limits;

/**
 * A request's line and headers, read strictly (RFC 9112): what does not parse is refused, never
 * guessed at, so the route and the guards see exactly what the client sent.
 *
 * @param target the request target as sent, origin-form ({@code /path?query})
 * @param headers every header line, in order; names compare case-insensitively
 * @param contentLength the body's length; 0 without {@code Content-Length}
 * @param keepAlive whether the client lets the connection carry another request
 */
record RequestHead(String method, URI target, String version, Headers headers, long contentLength, boolean expectsContinue,
        boolean keepAlive) {
    /** Request line and headers together. A browser's or the CLI's stay under 2 KiB; the JDK server allowed 380 KiB. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    /**
     * The longest body any route takes, refused from its {@code Content-Length} before a byte of it is
     * read (a route's own limit, {@code BoundedBody}, may be lower).
     */
    static final int MAX_BODY_BYTES = Limits.MAX_HTTP_BODY_BYTES;
    /** Header lines; a browser sends about 15. */
    static final int MAX_HEADER_LINES = 64;
    /** The longest method any route knows is OPTIONS; this leaves room for extension methods, which get a 405. */
    private static final int MAX_METHOD_CHARS = 16;
    /** Over 10^18 bytes: no body this server takes comes close, and the number still fits a long. */
    private static final int MAX_LENGTH_DIGITS = 18;
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    /**
     * Reads the next request's head. Empty when the client closed the connection before sending one.
     *
     * @param onFirstByte runs when the head's first byte arrived: the reader's deadline for the rest starts then
     *
     * @throws MalformedRequest what to answer before closing
     * @throws IOException the connection broke or the deadline passed
     */
    static Optional<RequestHead> read(DeadlineInput in, Runnable onFirstByte) throws IOException, MalformedRequest {
        var reader = new LineReader(in, onFirstByte);
        Optional<String> requestLine = reader.firstLine();
        if (requestLine.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = requestLine.get().split(" ", -1);
        if (parts.length != 3) {
            throw MalformedRequest.badRequest("The request line must be: method, target and version, one space apart.");
        }
        String method = method(parts[0]);
        URI target = target(parts[1]);
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new MalformedRequest(505, "Only HTTP/1.1 is spoken here.");
        }
        var headers = new Headers();
        for (String line = reader.nextLine(); !line.isEmpty(); line = reader.nextLine()) {
            if (headers.values().stream().mapToInt(List::size).sum() >= MAX_HEADER_LINES) {
                throw new MalformedRequest(431, "A request may have at most " + MAX_HEADER_LINES + " header lines.");
            }
            addHeader(headers, line);
        }
        if (headers.containsKey("Transfer-Encoding")) {
            // A length up front is what lets the body limit hold before reading; chunked bodies are refused (RFC 9112, 6.3).
            throw new MalformedRequest(411, "Send the body with a Content-Length, not a Transfer-Encoding.");
        }
        boolean close = headers.getOrDefault("Connection", List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(","))).anyMatch(option -> option.strip().equalsIgnoreCase("close"));
        boolean expectsContinue = headers.getOrDefault("Expect", List.of()).stream().anyMatch(value -> value.equalsIgnoreCase("100-continue"));
        return Optional.of(new RequestHead(method, target, version, Headers.of(headers), contentLength(headers), expectsContinue,
                version.equals("HTTP/1.1") && !close));
    }

    private static String method(String method) throws MalformedRequest {
        if (method.isEmpty() || method.length() > MAX_METHOD_CHARS || !method.chars().allMatch(RequestHead::isTokenChar)) {
            throw MalformedRequest.badRequest("The request method is not a valid token.");
        }
        return method;
    }

    /** Origin-form only: absolute URLs and {@code *} are for proxies, which this is not. */
    private static URI target(String target) throws MalformedRequest {
        if (!target.startsWith("/") || target.startsWith("//")) {
            throw MalformedRequest.badRequest("The request target must be a path such as /v1/health.");
        }
        try {
            URI uri = new URI(target);
            if (uri.getRawFragment() != null) {
                throw MalformedRequest.badRequest("The request target must not carry a fragment.");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw MalformedRequest.badRequest("The request target is not a valid path.");
        }
    }

    private static void addHeader(Headers headers, String line) throws MalformedRequest {
        int colon = line.indexOf(':');
        if (colon <= 0 || !line.substring(0, colon).chars().allMatch(RequestHead::isTokenChar)) {
            // Covers obsolete line folding (a line starting with a space) and a space before the colon (RFC 9112, 5.1).
            throw MalformedRequest.badRequest("A header line must be a name, a colon and a value.");
        }
        String value = line.substring(colon + 1).strip();
        if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
            throw MalformedRequest.badRequest("A header value holds a control character.");
        }
        headers.add(line.substring(0, colon), value);
    }

    /** One {@code Content-Length}, plain digits; a list, a sign or two different lengths is how requests get smuggled. */
    private static long contentLength(Headers headers) throws MalformedRequest {
        List<String> lengths = headers.getOrDefault("Content-Length", List.of());
        if (lengths.isEmpty()) {
            return 0;
        }
        String length = lengths.getFirst();
        if (lengths.size() > 1 || length.isEmpty() || length.length() > MAX_LENGTH_DIGITS
                || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw MalformedRequest.badRequest("The request needs at most one Content-Length, a plain number.");
        }
        long parsed = Long.parseLong(length);
        if (parsed > MAX_BODY_BYTES) {
            throw new MalformedRequest(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        return parsed;
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_SYMBOLS.indexOf(c) >= 0;
    }

    /** Lines of the head, ended by LF or CRLF, counted against {@link #MAX_HEAD_BYTES} together. */
    private static final class LineReader {
        private final DeadlineInput in;
        private final Runnable onFirstByte;
        private final byte[] line = new byte[MAX_HEAD_BYTES];
        private int headBytes;

        LineReader(DeadlineInput in, Runnable onFirstByte) {
            this.in = in;
            this.onFirstByte = onFirstByte;
        }

        /** The request line, skipping empty lines before it (RFC 9112, 2.2); empty if the stream ends first. */
        Optional<String> firstLine() throws IOException, MalformedRequest {
            while (true) {
                Optional<String> next = line(true);
                if (next.isEmpty() || !next.get().isEmpty()) {
                    return next;
                }
            }
        }

        String nextLine() throws IOException, MalformedRequest {
            return line(false).orElseThrow(() -> new IOException("the connection ended inside a request head"));
        }

        private Optional<String> line(boolean endAllowed) throws IOException, MalformedRequest {
            int length = 0;
            boolean sawCr = false;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (endAllowed && length == 0 && headBytes == 0 && !sawCr) {
                        return Optional.empty();
                    }
                    throw new IOException("the connection ended inside a request head");
                }
                if (headBytes == 0) {
                    onFirstByte.run();
                }
                if (++headBytes > MAX_HEAD_BYTES) {
                    throw new MalformedRequest(431, "The request head is larger than " + MAX_HEAD_BYTES + " bytes.");
                }
                if (b == '\n') {
                    return Optional.of(new String(line, 0, length, StandardCharsets.ISO_8859_1));
                }
                if (sawCr) {
                    throw MalformedRequest.badRequest("A bare CR in the request head.");
                }
                if (b == '\r') {
                    sawCr = true;
                } else {
                    line[length++] = (byte) b;
                }
            }
        }
    }
}
