package net.flydex.helper.codex;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC as {@code codex app-server} speaks it (no {@code "jsonrpc"} field): our requests with
 * pending-response tracking and timeouts, the server's requests, and notifications. Transport
 * agnostic: the same code runs over the daemon socket and over stdio.
 *
 * <p>Inbound messages are handed to the {@link Handler} on the transport's reader thread, in
 * order; a handler must not block waiting for another response, or it would wait forever.
 */
public final class JsonRpcConnection implements TransportListener {

    /** What the connection delivers upward. */
    public interface Handler {
        void onNotification(String method, JsonNode params);

        /** {@code id} is kept as JSON: the schema allows numbers and strings. */
        void onServerRequest(JsonNode id, String method, JsonNode params);

        void onClosed(String reason);
    }

    /** How Codex begins the line of an answer to one of our requests. */
    private static final String ANSWER_ID = "{\"id\":";
    private static final String RESULT = ",\"result\":";
    private static final String ERROR = ",\"error\":";

    private final Handler handler;
    private final Duration timeout;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Requests whose answer is wanted as the line Codex wrote ({@link #requestAnswerLine}). */
    private final Map<Long, CompletableFuture<String>> pendingLines = new ConcurrentHashMap<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile CodexTransport transport;

    public JsonRpcConnection(Handler handler, Duration timeout) {
        this.handler = handler;
        this.timeout = timeout;
    }

    /** Set once the transport exists; it needs this connection as its listener first. */
    public void bind(CodexTransport transport) {
        this.transport = transport;
    }

    /** Sends a request; the future fails with an {@link RpcException} on error, close or timeout. */
    public CompletableFuture<JsonNode> request(String method, JsonNode params) {
        long id = nextId.getAndIncrement();
        ObjectNode message = WireJson.mapper().createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        return sent(id, method, message.toString());
    }

    /**
     * {@link #request} with the params already written as JSON, the message put together without
     * Jackson: for the handshake, written the moment Codex is spawned - Jackson's first use (60-100 ms
     * of a core) would otherwise come before Codex is even asked. The answer is read with Jackson as usual.
     *
     * @param method a method name that needs no JSON escaping
     * @param paramsJson one JSON object
     */
    public CompletableFuture<JsonNode> request(String method, String paramsJson) {
        long id = nextId.getAndIncrement();
        return sent(id, method, message(id, method, paramsJson));
    }

    /**
     * {@link #request(String, String)} answered with the response line as Codex wrote it, told apart
     * from other lines without Jackson when it begins {@code {"id":<id>,"result":} or {@code ,"error":}
     * (how Codex writes its answers), with Jackson otherwise. For the handshake: Codex's answer is then
     * read without building Jackson's mapper, whose 40-80 ms of a core would otherwise run while Codex
     * starts, on the same two cores (docs/benchmarks.md, "Sixth pass").
     *
     * @param method a method name that needs no JSON escaping
     * @param paramsJson one JSON object
     */
    public CompletableFuture<String> requestAnswerLine(String method, String paramsJson) {
        long id = nextId.getAndIncrement();
        return sent(id, method, message(id, method, paramsJson), pendingLines);
    }

    private static String message(long id, String method, String paramsJson) {
        // A StringBuilder, not +: the first indy concatenation spins a class at run time.
        return new StringBuilder(paramsJson.length() + method.length() + 40).append("{\"id\":").append(id)
                .append(",\"method\":\"").append(method).append("\",\"params\":").append(paramsJson).append('}').toString();
    }

    private CompletableFuture<JsonNode> sent(long id, String method, String message) {
        return sent(id, method, message, pending);
    }

    private <T> CompletableFuture<T> sent(long id, String method, String message, Map<Long, CompletableFuture<T>> waiting) {
        var response = new CompletableFuture<T>();
        waiting.put(id, response);
        if (!write(message)) {
            waiting.remove(id);
            return CompletableFuture.failedFuture(unavailable());
        }
        return response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> waiting.remove(id))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(timeoutOr(method, failure)));
    }

    /**
     * A notification without params, written by hand (no Jackson): {@code initialized} at the end of the handshake.
     *
     * @param method a method name that needs no JSON escaping
     */
    public void notify(String method) {
        write(new StringBuilder(method.length() + 14).append("{\"method\":\"").append(method).append("\"}").toString());
    }

    public void notify(String method, JsonNode params) {
        ObjectNode message = WireJson.mapper().createObjectNode().put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        write(message);
    }

    /** Answers a server request; false if the transport is gone. */
    public boolean respond(JsonNode id, JsonNode result) {
        ObjectNode message = WireJson.mapper().createObjectNode();
        message.set("id", id);
        message.set("result", result);
        return write(message);
    }

    public boolean respondError(JsonNode id, int code, String text) {
        ObjectNode message = WireJson.mapper().createObjectNode();
        message.set("id", id);
        message.putObject("error").put("code", code).put("message", text);
        return write(message);
    }

    /** Completes with the close reason once the transport is gone. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    public void close() {
        CodexTransport current = transport;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void onMessage(String json) {
        if (!pendingLines.isEmpty() && answeredAsLine(json)) {
            return;
        }
        JsonNode message;
        try {
            message = WireJson.mapper().readTree(json);
        } catch (JacksonException malformed) {
            return; // Not JSON-RPC; nothing can answer it.
        }
        JsonNode id = message.get("id");
        String method = message.path("method").asString("");
        if (!method.isEmpty() && id != null && !id.isNull()) {
            handler.onServerRequest(id, method, message.path("params"));
        } else if (!method.isEmpty()) {
            handler.onNotification(method, message.path("params"));
        } else if (id != null && id.canConvertToLong()) {
            completeResponse(id.asLong(), message);
        }
    }

    @Override
    public void onClosed(String reason) {
        if (closed.complete(reason)) {
            pending.values().forEach(f -> f.completeExceptionally(unavailable()));
            pendingLines.values().forEach(f -> f.completeExceptionally(unavailable()));
            handler.onClosed(reason);
        }
    }

    /** True when {@code json} is the answer to a {@link #requestAnswerLine} request, recognised by its first bytes, and was delivered. */
    private boolean answeredAsLine(String json) {
        if (!json.startsWith(ANSWER_ID)) {
            return false;
        }
        int digits = ANSWER_ID.length();
        long id = 0;
        while (digits < json.length() && digits < ANSWER_ID.length() + 18 && json.charAt(digits) >= '0' && json.charAt(digits) <= '9') {
            id = id * 10 + (json.charAt(digits) - '0');
            digits++;
        }
        // A request of Codex's own has "method" here, and its ids are its own numbering: only an answer counts.
        if (digits == ANSWER_ID.length() || !(json.startsWith(RESULT, digits) || json.startsWith(ERROR, digits))) {
            return false;
        }
        CompletableFuture<String> waiting = pendingLines.remove(id);
        return waiting != null && waiting.complete(json);
    }

    private void completeResponse(long id, JsonNode message) {
        CompletableFuture<String> line = pendingLines.remove(id);
        if (line != null) {
            line.complete(message.toString()); // Written some other way than Codex writes answers today: passed on as JSON.
            return;
        }
        CompletableFuture<JsonNode> response = pending.remove(id);
        if (response == null) {
            return; // Timed out already.
        }
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            response.completeExceptionally(new RpcException(ErrorCode.CODEX_ERROR,
                    error.path("message").asString("Codex reported an error")));
        } else {
            response.complete(message.path("result"));
        }
    }

    private boolean write(ObjectNode message) {
        return write(message.toString());
    }

    private boolean write(String message) {
        CodexTransport current = transport;
        if (current == null || closed.isDone()) {
            return false;
        }
        try {
            current.send(message);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static RpcException timeoutOr(String method, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new RpcException(ErrorCode.CODEX_TIMEOUT, "Codex did not answer " + method + " in time");
        }
        return RpcException.of(cause);
    }

    private static RpcException unavailable() {
        return new RpcException(ErrorCode.CODEX_UNAVAILABLE, "Codex is not running");
    }
}
