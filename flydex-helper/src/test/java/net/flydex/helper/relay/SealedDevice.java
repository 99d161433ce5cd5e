package net.flydex.helper.relay;

import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.IntroductionAccepted;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.Offer;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.Session;
import net.flydex.protocol.e2e.TrustedHelper;
import net.flydex.testkit.CodexItems;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A browser as the relay meets it, played by the Java {@link DeviceClient}: introduced to the
 * helper, then one sealed session at a time. It opens every frame sent to its session in order,
 * as the web app must (a skipped frame breaks the counter), and keeps what it opened.
 */
final class SealedDevice {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger RELAY_IDS = new AtomicInteger();

    /** A sealed frame this device opened: its clear envelope and its plaintext. */
    record Opened(JsonNode frame, JsonNode plaintext) {
        String type() {
            return frame.path("type").asString();
        }
    }

    final DeviceClient client;
    final TrustedHelper helper;
    private final String machineId;
    private final RelayAgent relay;
    private final FakeUplink uplink;
    private final AtomicInteger ownIds = new AtomicInteger();
    private Session session;
    private int cursor;
    private final List<Opened> opened = new ArrayList<>();

    private SealedDevice(DeviceClient client, TrustedHelper helper, String machineId, RelayAgent relay, FakeUplink uplink) {
        this.client = client;
        this.helper = helper;
        this.machineId = machineId;
        this.relay = relay;
        this.uplink = uplink;
    }

    /** A new device key, introduced through {@code e2e} as the desktop page would at 127.0.0.1. */
    static SealedDevice introduced(HelperE2e e2e, String name, Clock clock, String machineId, RelayAgent relay, FakeUplink uplink)
            throws Exception {
        var client = new DeviceClient(P256.generate(RANDOM), clock, KeySource.from(RANDOM));
        var pending = client.introduce(Offer.parse(e2e.offer().offer()), name);
        HelperE2e.Introduced introduced = e2e.introduce(pending.message());
        TrustedHelper helper = pending.confirm(new IntroductionAccepted(introduced.deviceId(), introduced.proof()));
        return new SealedDevice(client, helper, machineId, relay, uplink);
    }

    static String relayId() {
        return "r" + RELAY_IDS.incrementAndGet();
    }

    String deviceId() {
        return client.deviceId();
    }

    String sessionId() {
        return session.sessionId();
    }

    /** Sends a hello; answers the relay's reply frame (a result, or an error). */
    JsonNode hello(DeviceClient.Handshake handshake) {
        String id = relayId();
        relay.onServerFrame(SealedFrames.hello(id, "", client.deviceId(), handshake.hello()));
        return uplink.answer(id);
    }

    /** A fresh session (a new tab, or a reconnect). */
    synchronized SealedDevice connect() throws E2eException {
        var handshake = client.handshake(helper, machineId);
        JsonNode answer = hello(handshake);
        if (!answer.path("type").asString().equals("result")) {
            throw new AssertionError("hello refused: " + answer);
        }
        session = handshake.finish(answer.path("result").path("reply").asString());
        cursor = 0;
        opened.clear();
        return this;
    }

    /**
     * A fresh session whose first rpc the server routes back while the helper is still sending
     * the hello answer: the rpc arrives on another thread (the link's reader), as a fast browser's
     * would. Answers the relay id the rpc went under.
     */
    synchronized String connectAndSendAtOnce(String method, JsonNode params) throws Exception {
        var handshake = client.handshake(helper, machineId);
        String helloId = relayId();
        var rpcId = new java.util.concurrent.CompletableFuture<String>();
        uplink.onSend = text -> {
            JsonNode frame = WireJson.mapper().readTree(text);
            if (!helloId.equals(frame.path("id").asString("")) || !frame.path("type").asString().equals("result")) {
                return;
            }
            uplink.onSend = next -> { };
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    session = handshake.finish(frame.path("result").path("reply").asString());
                    rpcId.complete(send(method, params));
                } catch (E2eException e) {
                    rpcId.completeExceptionally(e);
                }
            });
            // Until the rpc is answered or waits its turn to send: the helper's sending thread is this one, held here.
            await().atMost(FakeUplink.WAIT).until(() -> !reader.isAlive() || reader.getState() == Thread.State.BLOCKED);
        };
        relay.onServerFrame(SealedFrames.hello(helloId, "", client.deviceId(), handshake.hello()));
        uplink.answer(helloId);
        cursor = 0;
        opened.clear();
        return rpcId.get(FakeUplink.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Seals an rpc and sends it; answers the relay id it went under. */
    String send(String method, JsonNode params) throws E2eException {
        ObjectNode rpc = WireJson.mapper().createObjectNode().put("id", "d" + ownIds.incrementAndGet()).put("method", method);
        rpc.set("params", params);
        return sendSealed(session.seal(SealedFrames.RPC, "", WireJson.mapper().writeValueAsBytes(rpc)));
    }

    /** Sends {@code sealed} as this session's rpc frame, whatever it holds. */
    String sendSealed(String sealed) {
        String relayId = relayId();
        relay.onServerFrame(SealedFrames.rpc(relayId, "", client.deviceId(), session.sessionId(), sealed));
        return relayId;
    }

    Session session() {
        return session;
    }

    /** Calls a method and answers the opened answer: {@code {"id","result"}} or {@code {"id","error"}}. */
    JsonNode call(String method, JsonNode params) throws E2eException {
        String relayId = send(method, params);
        return awaitOpened(o -> o.type().equals(SealedFrames.RESULT) && o.frame().path("id").asString().equals(relayId)).plaintext();
    }

    JsonNode call(String method, String params) throws E2eException {
        return call(method, WireJson.mapper().readTree(params));
    }

    /** The result of a call that must succeed. */
    JsonNode result(String method, String params) throws E2eException {
        JsonNode answer = call(method, params);
        if (!answer.has("result")) {
            throw new AssertionError(method + " failed: " + answer);
        }
        return answer.path("result");
    }

    Opened awaitOpened(Predicate<Opened> match) {
        return await().atMost(FakeUplink.WAIT).until(() -> {
            pump();
            return find(match);
        }, Optional::isPresent).orElseThrow();
    }

    /** The command item as Codex completed it ({@link CodexItems}), opened from this session's events. */
    JsonNode awaitCommandCompleted() {
        return awaitOpened(o -> o.type().equals(SealedFrames.EVENT)
                && CodexItems.commandCompleted(o.plaintext().path("method").asString(""), o.plaintext().path("params")))
                .plaintext().path("params").path("item");
    }

    synchronized List<Opened> opened() {
        pump();
        return List.copyOf(opened);
    }

    private synchronized Optional<Opened> find(Predicate<Opened> match) {
        return opened.stream().filter(match).findFirst();
    }

    /** Opens, in order, every frame sent to this session since the last look. */
    private synchronized void pump() {
        List<JsonNode> frames = uplink.frames();
        for (; cursor < frames.size(); cursor++) {
            JsonNode frame = frames.get(cursor);
            if (!frame.has("sealed") || !client.deviceId().equals(frame.path("deviceId").asString(""))
                    || !session.sessionId().equals(frame.path("sessionId").asString(""))) {
                continue;
            }
            String type = frame.path("type").asString();
            String ref = frame.path("approvalId").asString("");
            try {
                opened.add(new Opened(frame, WireJson.mapper().readTree(session.open(type, ref, frame.path("sealed").asString()))));
            } catch (E2eException e) {
                throw new AssertionError("frame " + cursor + " (" + type + ") did not open: " + e.failure().wire(), e);
            }
        }
    }
}
