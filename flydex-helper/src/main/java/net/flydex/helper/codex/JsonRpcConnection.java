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

    private final Handler handler;
    private final Duration timeout;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
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
        // A StringBuilder, not +: the first indy concatenation spins a class at run time.
        String message = new StringBuilder(paramsJson.length() + method.length() + 40).append("{\"id\":").append(id)
                .append(",\"method\":\"").append(method).append("\",\"params\":").append(paramsJson).append('}').toString();
        return sent(id, method, message);
    }

    private CompletableFuture<JsonNode> sent(long id, String method, String message) {
        var response = new CompletableFuture<JsonNode>();
        pending.put(id, response);
        if (!write(message)) {
            pending.remove(id);
            return CompletableFuture.failedFuture(unavailable());
        }
        return response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> pending.remove(id))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(timeoutOr(method, failure)));
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
            handler.onClosed(reason);
        }
    }

    private void completeResponse(long id, JsonNode message) {
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
