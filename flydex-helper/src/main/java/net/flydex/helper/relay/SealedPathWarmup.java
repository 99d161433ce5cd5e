package net.flydex.helper.relay;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import net.flydex.helper.e2e.OpenSession;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.Session;
import net.flydex.protocol.e2e.TrustedDevice;
import net.flydex.protocol.e2e.TrustedDevices;
import net.flydex.protocol.e2e.TrustedHelper;
import tools.jackson.databind.JsonNode;

/**
 * Runs the helper's sealed rpc path on a throw-away session once, in the background after the
 * start, so the JIT has compiled it before a person's first message. The helper lives cold (a few
 * messages an hour, C1 only: {@code npm/flydex/jvm.options}); measured with the cold-start bench
 * (docs/benchmarks.md, "Fifth pass: the relay's p99"), a fresh helper was still compiling this
 * path - the server frame's parse, AES-GCM, base64, the rpc's JSON both ways - hundreds of round
 * trips into its first 2,000, on the same two cores as the round trips themselves. The AOT cache
 * cannot help there: it holds classes and profiles, no compiled code, and C1 at level 1 uses no
 * profiles.
 *
 * <p>Everything is its own: keys, devices and both ends of the session are made here and dropped
 * after; the only shared thing it calls is {@code approvals/list} (read-only), the rpc the bench
 * and a phone's first screen send. Nothing is logged or sent, and no file is written. The socket's
 * own code (the JDK WebSocket client's) is not run: there is no socket to run it on.
 */
public final class SealedPathWarmup {
    /**
     * Round trips run: a method called once per round trip reaches C1's threshold (about 200 calls,
     * checked every 128, scaled up while the compile queue is long) well before this; measured, the
     * path's last methods compiled after about 1,000.
     */
    static final int ROUNDS = 2_000;
    private static final String MACHINE = "mch_warmup";

    private final BiFunction<String, JsonNode, CompletableFuture<JsonNode>> call;
    private final int rounds;
    private final AtomicBoolean begun = new AtomicBoolean();

    /** @param call the bridge's rpc entry ({@code CodexBridge::call}); only {@code approvals/list} is asked of it */
    public SealedPathWarmup(BiFunction<String, JsonNode, CompletableFuture<JsonNode>> call) {
        this(call, ROUNDS);
    }

    SealedPathWarmup(BiFunction<String, JsonNode, CompletableFuture<JsonNode>> call, int rounds) {
        this.call = call;
        this.rounds = rounds;
    }

    /**
     * Starts the warm-up on a daemon thread of its own, once: later calls do nothing and answer
     * false. Never waits for it; a warm-up that fails costs nothing but its time.
     */
    public boolean begin() {
        if (!begun.compareAndSet(false, true)) {
            return false;
        }
        // Platform, not virtual: it computes for a while and would hold a carrier the relay's threads need.
        Thread.ofPlatform().name("warm-sealed-path").daemon().priority(Thread.MIN_PRIORITY).start(() -> {
            try {
                run();
            } catch (E2eException | RuntimeException unexpected) {
                // Only the time is lost: the real path runs as it would have without the warm-up.
            }
        });
        return true;
    }

    /** The round trips, on the calling thread; answers how many answers opened as results on the device's side. */
    int run() throws E2eException {
        SecureRandom random = new SecureRandom();
        KeySource ephemerals = KeySource.from(random);
        P256.KeyPair helperKey = P256.generate(random);
        P256.KeyPair deviceKey = P256.generate(random);
        String deviceId = P256.deviceId(deviceKey.publicKey());
        var devices = new TrustedDevices(List.of(new TrustedDevice(deviceId, deviceKey.publicKey(), "warm-up", Instant.EPOCH)));
        var endpoint = new HelperEndpoint(MACHINE, helperKey, devices, Clock.systemUTC(), ephemerals);
        DeviceClient.Handshake handshake = new DeviceClient(deviceKey, Clock.systemUTC(), ephemerals)
                .handshake(new TrustedHelper(helperKey.publicKey()), MACHINE);
        HelperEndpoint.Answer answer = endpoint.answer(deviceId, handshake.hello());
        Session phone = handshake.finish(answer.reply());
        var helper = new OpenSession(answer.session());
        int results = 0;
        try {
            for (int i = 0; i < rounds; i++) {
                results += roundTrip(phone, helper, deviceId, i) ? 1 : 0;
            }
        } finally {
            helper.close();
            phone.close();
        }
        return results;
    }

    /** One rpc as {@code RelayAgent} takes it from the server and answers it, and the answer opened as the phone does. */
    private boolean roundTrip(Session phone, OpenSession helper, String deviceId, int i) throws E2eException {
        var asked = WireJson.mapper().createObjectNode().put("id", i).put("method", RpcMethods.APPROVALS_LIST);
        asked.putObject("params");
        byte[] rpc = WireJson.mapper().writeValueAsBytes(asked);
        String relayId = "warm-" + i;
        String fromServer = SealedFrames.rpcText(relayId, "", deviceId, helper.sessionId(), phone.seal(SealedFrames.RPC, "", rpc));
        // The helper's side: AgentLink reads the frame, RelayAgent opens, parses, asks the bridge and seals the answer.
        JsonNode frame = WireJson.mapper().readTree(fromServer);
        if (!frame.path("type").asString("").equals(SealedFrames.RPC) || !frame.has("sealed")) {
            return false;
        }
        byte[] plaintext = helper.open(SealedFrames.RPC, "", frame.path("sealed").asString(""));
        SealedRpc parsed = SealedRpc.parse(plaintext).orElseThrow();
        JsonNode result = call.apply(parsed.method(), parsed.params()).join();
        byte[] answer = WireJson.mapper().writeValueAsBytes(SealedRpc.result(parsed.id(), result));
        String[] sent = new String[1];
        helper.send(SealedFrames.RESULT, "", answer, sealed -> SealedFrames.resultText(frame.path("id").asString(""), deviceId,
                helper.sessionId(), sealed), text -> {
                    sent[0] = text;
                    return true;
                });
        // The phone's side keeps the session's counters honest and proves the answer was a real one.
        JsonNode back = WireJson.mapper().readTree(sent[0]);
        JsonNode opened = WireJson.mapper().readTree(phone.open(SealedFrames.RESULT, "", back.path("sealed").asString("")));
        return opened.path("id").asInt(-1) == i && opened.has("result");
    }
}
