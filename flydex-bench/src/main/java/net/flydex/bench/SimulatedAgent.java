package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.MachineKeys;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * As much of a helper as the control plane can see, and no more: its own Ed25519 key, a local
 * connect over HTTP (register, report, then Codex ready once the browser finalized), and a
 * {@code /ws/agent} socket that answers the challenge with a signed hello and then stays open,
 * answering the relay's {@code approvals/list} with an empty list. No Codex behind it.
 */
final class SimulatedAgent extends JsonFrameListener {
    static final String HELPER_VERSION = "0.1.0-bench";
    /** A local request takes milliseconds; this bounds a hung server only. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int OK = 200;
    private static final int CREATED = 201;

    private final KeyPair keys;
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile boolean closed;
    private String machineId;

    SimulatedAgent() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String machineId() {
        return machineId;
    }

    /**
     * The whole local connect, as desktop page and helper make it: the page starts it with the
     * account's session, the helper registers its key and reports, the page finalizes, the helper
     * reports Codex ready.
     */
    void pair(HttpClient http, URI server, String ownerToken) {
        pair(http, server, ownerToken, server);
    }

    /** The same, for a server whose public origin (the page's {@code Origin}) is not its own address. */
    void pair(HttpClient http, URI server, String ownerToken, URI origin) {
        JsonNode started = post(http, server.resolve("/api/local-connect/start"), Map.of(), ownerToken, origin, CREATED);
        String id = started.path("id").asString();
        String token = started.path("connectToken").asString();
        machineId = post(http, server.resolve("/api/machines/register"), Map.of("connectToken", token,
                "publicKey", Base64.getEncoder().encodeToString(MachineKeys.raw(keys.getPublic())), "name", "bench agent",
                "platform", "linux-x64", "helperVersion", HELPER_VERSION), null, null, OK).path("machineId").asString();
        URI status = server.resolve("/api/local-connect/" + id + "/agent-status");
        post(http, status, Map.of("connectToken", token, "status", "awaiting_browser_finalize"), null, null, OK);
        post(http, server.resolve("/api/local-connect/" + id + "/finalize"), Map.of(), ownerToken, origin, OK);
        if (!post(http, status, Map.of("connectToken", token, "status", "codex_ready"), null, null, OK).path("finalized").asBoolean()) {
            throw new IllegalStateException("the local connect of " + machineId + " was not finalized");
        }
    }

    /** Opens {@code /ws/agent}; the future completes once the server welcomed this machine. */
    CompletableFuture<Void> connect(HttpClient http, URI agentSocket) {
        http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(agentSocket, this)
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        welcomed.completeExceptionally(failure);
                    }
                });
        return welcomed;
    }

    /** Welcomed, and the socket has not closed since. */
    boolean isOpen() {
        return welcomed.isDone() && !welcomed.isCompletedExceptionally() && !closed;
    }

    /** Drops the socket at once, as a crashed helper would; the child JVM does not bother, it exits. */
    void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed = true;
        welcomed.completeExceptionally(new IllegalStateException("/ws/agent closed with " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed = true;
        welcomed.completeExceptionally(error);
    }

    @Override
    void received(WebSocket ws, JsonNode frame) {
        switch (frame.path("type").asString("")) {
            case "challenge" -> send(ws, WireJson.mapper().writeValueAsString(new AgentMessage.Hello(machineId,
                    sign(frame.path("nonce").asString()), HELPER_VERSION, CodexStatus.READY)));
            case "welcome" -> welcomed.complete(null);
            case "rpc" -> {
                // The relay asks for pending approvals when the machine comes online and on every subscribe.
                if (frame.path("method").asString("").equals(RpcMethods.APPROVALS_LIST)) {
                    var none = WireJson.mapper().createObjectNode();
                    none.putArray("approvals");
                    send(ws, RelayFrames.result(frame.path("id").asString(), none).toString());
                }
            }
            default -> { } // Nothing else is expected of an idle helper.
        }
    }

    /** The JDK socket allows one send at a time: each waits for the previous one. */
    private synchronized void send(WebSocket ws, String text) {
        sending = sending.thenCompose(ignored -> ws.sendText(text, true));
    }

    String sign(String nonce) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(MachineKeys.challengeBytes(machineId, nonce));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page's calls carry the session and FlyDex's origin; the helper's carry neither (no browser, no cookie). */
    private static JsonNode post(HttpClient http, URI uri, Map<String, String> body, String bearer, URI origin, int expected) {
        var request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(WireJson.mapper().writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer).header("Origin", origin.toString());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("POST " + uri.getPath() + " answered " + response.statusCode() + ": " + response.body());
            }
            return WireJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + uri.getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + uri.getPath(), e);
        }
    }
}
