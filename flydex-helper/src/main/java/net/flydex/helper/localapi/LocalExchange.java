package net.flydex.helper.localapi;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request and its response on a {@link HttpConnection}, behind the JDK's {@link HttpExchange}
 * API, so routes ({@link Endpoint}) are written as for {@code com.sun.net.httpserver} and do not
 * see which server runs them. Responses carry a {@code Content-Length}; streamed (chunked) ones
 * are not offered, no route needs them.
 */
final class LocalExchange extends HttpExchange {
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(100, "Continue"), Map.entry(200, "OK"),
            Map.entry(202, "Accepted"), Map.entry(204, "No Content"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(411, "Length Required"),
            Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"), Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"), Map.entry(505, "HTTP Version Not Supported"));

    private final RequestHead request;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final OutputStream connectionOut;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final RequestBody requestBody;
    private InputStream in;
    private OutputStream out;
    private ResponseBody responseBody;
    private int status = -1;
    private boolean closeAfter;

    LocalExchange(RequestHead request, InetSocketAddress local, InetSocketAddress remote, DeadlineInput connectionIn,
            OutputStream connectionOut) {
        this.request = request;
        this.local = local;
        this.remote = remote;
        this.connectionOut = connectionOut;
        this.requestBody = new RequestBody(connectionIn, connectionOut, request.contentLength(), request.expectsContinue());
        this.in = requestBody;
        this.closeAfter = !request.keepAlive();
    }

    /**
     * Writes a complete answer without a route: for a request that could not be read at all.
     * The connection closes after it.
     */
    static void answerUnreadable(OutputStream connectionOut, Reply reply) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        reply.allHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        connectionOut.write(head(reply.status(), headers, reply.body().length, false));
        connectionOut.write(reply.body());
        connectionOut.flush();
    }

    @Override
    public Headers getRequestHeaders() {
        return request.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return request.target();
    }

    @Override
    public String getRequestMethod() {
        return request.method();
    }

    /** No contexts here: routes are {@link Endpoint}s, matched by exact path. */
    @Override
    public HttpContext getHttpContext() {
        throw new UnsupportedOperationException("the local API has no HTTP contexts; routes are Endpoints");
    }

    @Override
    public void close() {
        try {
            if (responseBody != null) {
                responseBody.close();
            }
            connectionOut.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        if (out == null) {
            throw new IllegalStateException("send the response headers first");
        }
        return out;
    }

    /**
     * As the JDK server: {@code -1} for no body ({@code Content-Length: 0}); 1xx, 204 and answers
     * to HEAD carry none whatever the length says.
     *
     * @throws IOException for a length of 0, which asks for a streamed body
     */
    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (status != -1) {
            throw new IOException("headers already sent");
        }
        boolean bodiless = (code >= 100 && code < 200) || code == 204 || code == 304;
        boolean head = request.method().equals("HEAD");
        if (length == 0 && !bodiless && !head) {
            throw new IOException("streamed responses are not supported: give the body's length");
        }
        long bodyLength = bodiless || head || length < 0 ? 0 : length;
        if (responseHeaders.getOrDefault("Connection", List.of()).stream().anyMatch("close"::equalsIgnoreCase)) {
            closeAfter = true;
        }
        if (closeAfter) {
            responseHeaders.set("Connection", "close");
        }
        status = code;
        connectionOut.write(head(code, responseHeaders, bodyLength, bodiless || head));
        responseBody = new ResponseBody(connectionOut, bodyLength);
        out = responseBody;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public String getProtocol() {
        return request.version();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void setStreams(InputStream input, OutputStream output) {
        if (input != null) {
            in = input;
        }
        if (output != null) {
            out = output;
        }
    }

    /** No authenticator runs here; the routes check their own credentials. */
    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /** Whether the connection may carry another request: the answer was whole, the body read, and neither side asked to close. */
    boolean connectionReusable() {
        return !closeAfter && status != -1 && responseBody.complete() && requestBody.consumed();
    }

    private static byte[] head(int code, Map<String, List<String>> headers, long bodyLength, boolean noLengthHeader) {
        var head = new StringBuilder(256).append("HTTP/1.1 ").append(code).append(' ').append(REASONS.getOrDefault(code, ""))
                .append("\r\n");
        headers.forEach((name, values) -> values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n")));
        if (!noLengthHeader) {
            head.append("Content-Length: ").append(bodyLength).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
