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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.Approval;
import net.flydex.protocol.ApprovalKind;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.Decision;
import net.flydex.protocol.MachineKeys;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.SealedDevice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * As much of a helper as the control plane can see, and no more: its own Ed25519 key, a local
 * connect over HTTP (register, report, then Codex ready once the browser finalized), and a
 * {@code /ws/agent} socket that answers the challenge with a signed hello and then stays open,
 * answering {@code approvals/list} with an empty list, and {@code turn/start} with a result and
 * an approval card at once (the relay bench's card path). No Codex behind it. With {@link #seal}
 * it speaks end to end as the helper does: hellos answered, rpcs opened, answers and cards sealed.
 */
final class SimulatedAgent extends JsonFrameListener {
    static final String HELPER_VERSION = "0.1.0-bench";
    /** The rpc the card path sends; answered with a turn and then a card. */
    static final String TURN_START = "turn/start";
    /** A local request takes milliseconds; this bounds a hung server only. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int OK = 200;
    private static final int CREATED = 201;

    private final KeyPair keys;
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private final java.util.concurrent.atomic.AtomicLong cards = new java.util.concurrent.atomic.AtomicLong();
    private volatile WebSocket socket;
    private volatile boolean closed;
    private String machineId;
    private volatile Optional<AgentSealing> sealing = Optional.empty();
    /** How a clear answer is padded when its rpc asks for it ({@link PaddedFrames}); none unless set. */
    private volatile PaddedFrames padding = new PaddedFrames(0, 0);

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

    /**
     * A second machine of the owner's account, online: paired, trusting a new device end to end,
     * its {@code /ws/agent} welcomed within {@code limit} (else the bench stops). Answers that
     * device, for a sealed browser.
     */
    SealedDevice start(HttpClient http, URI server, String ownerToken, String deviceName, Duration limit) {
        pair(http, server, ownerToken);
        SealedDevice device = SealedDevice.create(deviceName);
        seal(device);
        try {
            connect(http, URI.create("ws://" + server.getAuthority() + "/ws/agent")).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the simulated helper was not welcomed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return device;
    }

    /** After {@link #pair}: trusts this device end to end (introduced in process) and answers its sealed traffic. */
    void seal(SealedDevice device) {
        AgentSealing own = sealing.orElseGet(() -> new AgentSealing(machineId));
        own.introduce(device);
        sealing = Optional.of(own);
    }

    /** Clear rpcs carrying {@code params.pad} are answered with a pad too, as long as {@code padding} says. */
    void pad(PaddedFrames padding) {
        this.padding = padding;
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
            case SealedFrames.HELLO -> sealing.ifPresent(e2e -> send(ws, e2e.hello(frame).toString()));
            case "rpc" -> {
                if (frame.has("sealed")) {
                    sealing.flatMap(e2e -> e2e.open(frame)).ifPresent(opened -> answer(opened.rpc().path("method").asString(""),
                            opened::result, card -> opened.approval(card.path("approvalId").asString(), card), ws));
                } else {
                    String id = frame.path("id").asString();
                    JsonNode params = frame.path("params");
                    answer(frame.path("method").asString(""), result -> RelayFrames.result(id, padding.answer(params, result)).toString(),
                            card -> RelayFrames.approval(machineId, card).toString(), ws);
                }
            }
            default -> { } // Nothing else is expected of an idle helper.
        }
    }

    /** The answer to {@code approvals/list} (none) or {@code turn/start} (a turn, then a card asking to run a command). */
    private void answer(String method, Function<JsonNode, String> result, Function<JsonNode, String> approval, WebSocket ws) {
        switch (method) {
            case RpcMethods.APPROVALS_LIST -> {
                var none = WireJson.mapper().createObjectNode();
                none.putArray("approvals");
                send(ws, result.apply(none));
            }
            case TURN_START -> {
                ObjectNode turn = WireJson.mapper().createObjectNode();
                turn.putObject("turn").put("id", "turn-bench").put("status", "inProgress");
                send(ws, result.apply(turn));
                send(ws, approval.apply(card(cards.incrementAndGet())));
            }
            default -> { } // A bench asks nothing else.
        }
    }

    /** A command card of the size Codex's make (command, cwd, decisions), with its creation time. */
    static JsonNode card(long n) {
        return WireJson.mapper().valueToTree(new Approval("apv_bench_" + n, ApprovalKind.COMMAND, "019a0000-0000-7000-8000-00000000benc",
                "turn-bench", "call_bench_" + n, Optional.of("/bin/bash -lc 'echo x'"), Optional.of("/tmp/flydex-bench/approval"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(Decision.ACCEPT, Decision.ACCEPT_FOR_SESSION, Decision.DECLINE, Decision.CANCEL), Instant.now()));
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
