package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import net.flydex.protocol.Decision;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.RelayClient;
import net.flydex.testkit.SealedDevice;
import net.flydex.testkit.SealedSessions;
import net.flydex.testkit.SharedCodex;
import net.flydex.testkit.TamperingRelay;
import net.flydex.testkit.TamperingRelay.Direction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * T13, a hostile control plane: a {@link TamperingRelay} sits where the server's relay meets the
 * helper (the helper's server URL is the proxy; HTTP passes through) and flips bits, replays,
 * reorders, drops, injects rpcs, decisions and cards of its own, and swaps two devices' frames -
 * in both directions, with the real server, the real helper and the real Codex (scripted model)
 * behind it. What must hold: Codex never receives a prompt or a decision the device did not send
 * (the scripted model's requests, the thread's turns and the files on disk say so), the device
 * reports an error instead of wrong data, and a clear rpc is refused with {@code e2e_required}.
 * Each prompt carries a marker of its own, so "Codex never saw it" is a search of what the model
 * received.
 */
class HostileRelayIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a frame that must change nothing is given to do harm before the test looks. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private ControlPlane plane;
    private TamperingRelay relay;
    private PairedPhone paired;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        plane = new ControlPlane();
        relay = TamperingRelay.start(plane.url);
        paired = PairedPhone.link(plane, dir, "hostile@example.com", relay.url());
    }

    @AfterEach
    void stop() throws Exception {
        paired.close();
        relay.close();
        plane.close();
    }

    @Test
    void aFlippedBitInARpcIsRefusedItsPromptNeverReachesCodexAndTheDeviceCarriesOnInAFreshSession() {
        String thread = startThread();
        String marker = marker();
        relay.tamper(once(Direction.TO_HELPER, HostileRelayIT::sealedRpc, f -> f.put("sealed", TamperingRelay.flipBit(f.path("sealed").asString()))));

        JsonNode answer = paired.phone.rpc(paired.desktop.machineId, "turn/start", turn(thread, "CMD: echo " + marker + " > flipped.txt"), WAIT);

        assertThat(answer.path("error").path("code").asString()).as(answer.toString()).isEqualTo("e2e_refused");
        assertThat(answer.path("error").path("message").asString()).contains("auth_failed");
        paired.phone.await(f -> type(f, SealedFrames.CLOSED) && f.path("reason").asString("").equals("auth_failed"), WAIT);
        assertNeverReachedCodex(marker);
        assertThat(paired.work.resolve("flipped.txt")).doesNotExist();
        assertOnlyTheDevicesTurnRuns(thread);
    }

    @Test
    void aFlippedBitInWhatTheHelperSealedIsAnErrorOnTheDeviceNotWrongData() {
        relay.tamper(once(Direction.TO_SERVER, f -> type(f, "result") && f.has("sealed"),
                f -> f.put("sealed", TamperingRelay.flipBit(f.path("sealed").asString()))));

        JsonNode answer = paired.phone.rpc(paired.desktop.machineId, "thread/list", "{}", WAIT);

        assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo(SealedSessions.FAILURE);
        assertThat(answer.path("failure").asString()).isEqualTo("auth_failed");
        assertThat(answer.has("result")).isFalse();

        String thread = startThread();
        String session = paired.phone.sessions().session(paired.desktop.machineId).orElseThrow().sessionId();
        relay.tamper(once(Direction.TO_SERVER, f -> type(f, "event") && f.path("sessionId").asString("").equals(session),
                f -> f.put("sealed", TamperingRelay.flipBit(f.path("sealed").asString()))));
        int before = paired.phone.received().size();
        // Its answer comes after the turn's first events, in a session the refused event already closed.
        paired.phone.rpc(paired.desktop.machineId, "turn/start", turn(thread, "SAY: " + marker()), WAIT);
        await().atMost(WAIT).until(() -> after(paired.phone, before, f -> type(f, SealedSessions.FAILURE)
                && f.path("frameType").asString("").equals("event") && f.path("failure").asString("").equals("auth_failed")), Optional::isPresent);
    }

    @Test
    void aReplayedRpcIsRefusedAndTheTurnRunsOnce() throws Exception {
        String thread = startThread();
        String marker = marker();
        int seen = relay.seen().size();
        CodexTurns.startTurn(paired.phone, paired.desktop.machineId, thread, "CMD: echo " + marker + " >> once.txt");
        String turnStart = relay.seen().stream().skip(seen).filter(f -> f.direction() == Direction.TO_HELPER && sealedRpc(f.json()))
                .reduce((first, last) -> last).orElseThrow().text();
        JsonNode approval = awaitApproval(thread);
        assertThat(respond(approval, Decision.ACCEPT, "k1").path("result").path("decision").asString()).isEqualTo("accept");
        awaitTurnCompleted(thread);
        assertThat(CodexTurns.awaitCommandCompleted(paired.phone, thread, 0).path("status").asString()).isEqualTo("completed");
        long asked = promptsCarrying(marker);

        relay.inject(Direction.TO_HELPER, turnStart);

        JsonNode refusal = relay.await(Direction.TO_SERVER, f -> type(f, "error") && f.path("id").equals(WireJson.mapper().readTree(turnStart).path("id")),
                WAIT).json();
        assertThat(refusal.path("error").path("code").asString()).isEqualTo("e2e_refused");
        assertThat(refusal.path("error").path("message").asString()).isEqualTo("bad_counter");
        Thread.sleep(SETTLE.toMillis());
        assertThat(Files.readString(paired.work.resolve("once.txt"))).isEqualTo(marker + "\n");
        assertThat(turns(thread)).hasSize(1);
        assertThat(asked).as("the turn reached Codex").isPositive();
        assertThat(promptsCarrying(marker)).as("and the replay did not").isEqualTo(asked);
    }

    @Test
    void reorderedRpcsAreBothRefused() throws Exception {
        String thread = startThread();
        String first = marker();
        String second = marker();
        var held = new AtomicReference<String>();
        relay.tamper((direction, text) -> {
            if (direction != Direction.TO_HELPER || !sealedRpc(json(text))) {
                return List.of(text);
            }
            if (held.compareAndSet(null, text)) {
                return List.of();
            }
            String released = held.getAndSet("released");
            return "released".equals(released) ? List.of(text) : List.of(text, released);
        });
        String a = sendSealed(paired.phone, turn(thread, "CMD: echo " + first + " > reordered.txt"));
        String b = sendSealed(paired.phone, turn(thread, "CMD: echo " + second + " > reordered.txt"));

        assertThat(answer(paired.phone, b).path("error").path("code").asString()).isEqualTo("e2e_refused");
        assertThat(answer(paired.phone, a).path("error").path("code").asString()).isIn("e2e_refused", "session_unknown");
        relay.tamper(TamperingRelay.Tamper.PASS);
        Thread.sleep(SETTLE.toMillis());
        assertNeverReachedCodex(first);
        assertNeverReachedCodex(second);
        assertThat(paired.work.resolve("reordered.txt")).doesNotExist();
        assertOnlyTheDevicesTurnRuns(thread);
    }

    @Test
    void aDroppedRpcMakesTheNextOneRefusedAndNeitherRuns() throws Exception {
        String thread = startThread();
        String dropped = marker();
        String next = marker();
        relay.tamper(once(Direction.TO_HELPER, HostileRelayIT::sealedRpc, f -> null));
        sendSealed(paired.phone, turn(thread, "CMD: echo " + dropped + " > dropped.txt"));

        JsonNode answer = paired.phone.rpc(paired.desktop.machineId, "turn/start", turn(thread, "CMD: echo " + next + " > dropped.txt"), WAIT);

        assertThat(answer.path("error").path("code").asString()).as(answer.toString()).isEqualTo("e2e_refused");
        assertThat(answer.path("error").path("message").asString()).isEqualTo("bad_counter");
        Thread.sleep(SETTLE.toMillis());
        assertNeverReachedCodex(dropped);
        assertNeverReachedCodex(next);
        assertOnlyTheDevicesTurnRuns(thread);
    }

    @Test
    void rpcsDecisionsAndCardsOfTheRelaysOwnAreRefusedAndTheCommandWaitsForThePhone() throws Exception {
        String thread = startThread();
        String command = marker();
        CodexTurns.startTurn(paired.phone, paired.desktop.machineId, thread, "CMD: echo " + command + " > injected.txt");
        JsonNode approval = awaitApproval(thread);
        String approvalId = approval.path("approvalId").asString();
        String forgedPrompt = marker();
        String sessionId = paired.phone.sessions().session(paired.desktop.machineId).orElseThrow().sessionId();

        // A clear rpc: a prompt, and a decision on the pending command.
        inject(RelayFrames.rpc("evil-1", "turn/start", turn(thread, "CMD: echo " + forgedPrompt + " > forged.txt")));
        inject(RelayFrames.rpc("evil-2", "approval/respond", WireJson.mapper().createObjectNode().put("approvalId", approvalId)
                .put("decision", "accept").put("idempotencyKey", "evil")));
        assertThat(refusal("evil-1")).isEqualTo("e2e_required");
        assertThat(refusal("evil-2")).isEqualTo("e2e_required");
        // A sealed rpc the relay made up, in the phone's session.
        inject(SealedFrames.rpc("evil-3", "", paired.desktop.device.deviceId(), sessionId, randomSealed(200)));
        assertThat(refusal("evil-3")).isEqualTo("e2e_refused");
        // A decision sealed by a key of the relay's own, in the phone's name; and one by a device the helper never met.
        SealedDevice impostor = SealedDevice.create("impostor");
        impostor.pin(paired.desktop.machineId, paired.desktop.device.helper(paired.desktop.machineId));
        String forged = impostor.sealDecision(paired.desktop.machineId, approvalId, Decision.ACCEPT, "evil");
        inject(SealedFrames.decision("evil-4", paired.desktop.device.deviceId(), approvalId, forged));
        inject(SealedFrames.decision("evil-5", impostor.deviceId(), approvalId, forged));
        assertThat(refusal("evil-4")).isEqualTo("e2e_refused");
        assertThat(refusal("evil-5")).isEqualTo("device_unknown");
        // The phone's own decision, moved to another approval id.
        inject(SealedFrames.decision("evil-6", paired.desktop.device.deviceId(), "apv_other",
                paired.desktop.device.sealDecision(paired.desktop.machineId, approvalId, Decision.ACCEPT, "moved")));
        assertThat(refusal("evil-6")).isEqualTo("e2e_refused");
        // Towards the phone: a card of the relay's own.
        RelayClient second = CodexTurns.subscribed(plane.url, plane.url.toString(), paired.desktop.ownerToken, paired.desktop.introduce("second phone"),
                paired.desktop.machineId);
        String secondSession = second.sessions().session(paired.desktop.machineId).orElseThrow().sessionId();
        relay.inject(Direction.TO_SERVER, SealedFrames.approvalBound(SealedFrames.APPROVAL, paired.desktop.machineId,
                second.device().orElseThrow().deviceId(), secondSession, "apv_forged", randomSealed(300)).toString());
        second.await(f -> type(f, SealedSessions.FAILURE) && f.path("frameType").asString("").equals("approval"), WAIT);
        assertThat(second.received()).noneMatch(f -> type(f, "approval") && f.path("approval").path("approvalId").asString("").equals("apv_forged"));
        second.close();

        Thread.sleep(SETTLE.toMillis());
        assertNeverReachedCodex(forgedPrompt);
        assertThat(paired.work.resolve("forged.txt")).doesNotExist();
        assertThat(paired.work.resolve("injected.txt")).as("no forged decision ran the command").doesNotExist();
        assertThat(respond(approval, Decision.DECLINE, "phone").path("result").path("decision").asString()).isEqualTo("decline");
        awaitTurnCompleted(thread);
        assertThat(paired.work.resolve("injected.txt")).doesNotExist();
        assertThat(turns(thread)).hasSize(1);
    }

    @Test
    void twoDevicesFramesSwappedEitherWayAreRefusedByTheOneTheyReach() throws Exception {
        SealedDevice tabletDevice = paired.desktop.introduce("tablet");
        try (RelayClient tablet = CodexTurns.subscribed(plane.url, plane.url.toString(), paired.desktop.ownerToken, tabletDevice, paired.desktop.machineId)) {
            String tabletSession = tablet.sessions().session(paired.desktop.machineId).orElseThrow().sessionId();
            String phoneSession = paired.phone.sessions().session(paired.desktop.machineId).orElseThrow().sessionId();
            String thread = startThread();

            // Helper → devices: the phone's next event is delivered to the tablet.
            relay.tamper(once(Direction.TO_SERVER, f -> type(f, "event") && f.path("sessionId").asString("").equals(phoneSession),
                    f -> f.put("deviceId", tabletDevice.deviceId()).put("sessionId", tabletSession)));
            int phoneBefore = paired.phone.received().size();
            paired.phone.rpc(paired.desktop.machineId, "turn/start", turn(thread, "SAY: " + marker()), WAIT);
            // Its counter or, were the counters equal, its tag gives it away.
            tablet.await(f -> type(f, SealedSessions.FAILURE) && f.path("frameType").asString("").equals("event")
                    && f.path("sessionId").asString("").equals(tabletSession), WAIT);
            await().atMost(WAIT).until(() -> after(paired.phone, phoneBefore, f -> type(f, SealedFrames.CLOSED) || type(f, SealedSessions.FAILURE)),
                    Optional::isPresent);
            assertThat(paired.phone.received().stream().skip(phoneBefore)).as("the phone missed a frame: its session ends there")
                    .anyMatch(f -> f.path("failure").asString("").equals("bad_counter") || type(f, SealedFrames.CLOSED));
            relay.tamper(TamperingRelay.Tamper.PASS);

            // Devices → helper: the phone's next rpc, relabelled as the tablet's (both in fresh sessions).
            tablet.rpc(paired.desktop.machineId, "thread/list", "{}", WAIT);
            String renamedTablet = tablet.sessions().session(paired.desktop.machineId).orElseThrow().sessionId();
            paired.phone.rpc(paired.desktop.machineId, "thread/list", "{}", WAIT);
            String marker = marker();
            relay.tamper(once(Direction.TO_HELPER, HostileRelayIT::sealedRpc,
                    f -> f.put("deviceId", tabletDevice.deviceId()).put("sessionId", renamedTablet)));
            JsonNode answer = paired.phone.rpc(paired.desktop.machineId, "turn/start", turn(thread, "CMD: echo " + marker + " > swapped.txt"), WAIT);
            assertThat(answer.path("type").asString()).as(answer.toString()).isIn("error", SealedSessions.FAILURE);
            Thread.sleep(SETTLE.toMillis());
            assertNeverReachedCodex(marker);
            assertThat(paired.work.resolve("swapped.txt")).doesNotExist();
        }
    }

    @Test
    void aClearRpcFromABrowserIsRefused() {
        try (RelayClient raw = RelayClient.connect(plane.url, plane.url.toString(), paired.desktop.ownerToken)) {
            String marker = marker();
            JsonNode answer = raw.rpc(paired.desktop.machineId, "turn/start", turn(startThread(), "CMD: echo " + marker), WAIT);

            assertThat(answer.path("error").path("code").asString()).as(answer.toString()).isEqualTo("e2e_required");
            assertNeverReachedCodex(marker);
        }
    }

    // --- helpers ---

    private static String marker() {
        return "hostile-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private String startThread() {
        return CodexTurns.startThread(paired.phone, paired.desktop.machineId, paired.work);
    }

    private static ObjectNode turn(String thread, String prompt) {
        ObjectNode params = WireJson.mapper().createObjectNode().put("threadId", thread);
        params.putArray("input").addObject().put("type", "text").put("text", prompt);
        return params;
    }

    /** The thread's turns as the phone reads them (opening a fresh session if the last one was closed). */
    private List<JsonNode> turns(String thread) {
        JsonNode read = paired.phone.rpc(paired.desktop.machineId, "thread/read", "{\"threadId\":\"" + thread + "\",\"includeTurns\":true}", WAIT);
        assertThat(read.path("type").asString()).as(read.toString()).isEqualTo("result");
        var turns = new ArrayList<JsonNode>();
        read.path("result").path("thread").path("turns").forEach(turns::add);
        return turns;
    }

    /**
     * The device carries on in a fresh session: a turn of its own runs, and the thread then has
     * that one turn only (a thread without a turn cannot be read with its turns).
     */
    private void assertOnlyTheDevicesTurnRuns(String thread) {
        String marker = marker();
        CodexTurns.startTurn(paired.phone, paired.desktop.machineId, thread, "SAY: " + marker);
        awaitTurnCompleted(thread);
        assertThat(turns(thread)).hasSize(1).allSatisfy(turn -> assertThat(turn.toString()).contains(marker));
    }

    private JsonNode awaitApproval(String thread) {
        return paired.phone.await(f -> type(f, "approval") && f.path("approval").path("threadId").asString("").equals(thread), WAIT).path("approval");
    }

    private JsonNode respond(JsonNode approval, Decision decision, String key) {
        return paired.phone.rpc(paired.desktop.machineId, "approval/respond", WireJson.mapper().createObjectNode()
                .put("approvalId", approval.path("approvalId").asString()).put("decision", decision.wire()).put("idempotencyKey", key), WAIT);
    }

    private void awaitTurnCompleted(String thread) {
        paired.phone.await(f -> type(f, "event") && f.path("method").asString("").equals("turn/completed")
                && f.path("params").path("threadId").asString("").equals(thread), WAIT);
    }

    /** Sends a sealed rpc without waiting for its answer; its id. */
    private String sendSealed(RelayClient client, JsonNode params) {
        String id = client.nextId();
        client.send(client.sessions().rpc(id, paired.desktop.machineId, "turn/start", params).toString());
        return id;
    }

    private static JsonNode answer(RelayClient client, String id) {
        return client.await(f -> f.path("id").asString("").equals(id) && !type(f, "rpc"), WAIT);
    }

    private void inject(ObjectNode frame) {
        relay.inject(Direction.TO_HELPER, frame.toString());
    }

    /** The error code the helper answered an injected frame with. */
    private String refusal(String id) {
        return relay.await(Direction.TO_SERVER, f -> f.path("id").asString("").equals(id), WAIT).json().path("error").path("code").asString("");
    }

    private static void assertNeverReachedCodex(String marker) {
        assertThat(promptsCarrying(marker)).as("requests to the model carrying %s", marker).isZero();
    }

    private static long promptsCarrying(String marker) {
        return SharedCodex.get().model().requests().stream().filter(r -> r.lastPrompt().orElse("").contains(marker)
                && r.toolOutputsThisTurn().isEmpty()).count();
    }

    /**
     * A tamper that edits the first frame going {@code direction} that matches, once, and passes
     * everything else; {@code edit} returning null drops that frame.
     */
    private static TamperingRelay.Tamper once(Direction direction, Predicate<JsonNode> match, Function<ObjectNode, ObjectNode> edit) {
        var done = new AtomicBoolean();
        return (way, text) -> {
            JsonNode frame = json(text);
            if (way != direction || !(frame instanceof ObjectNode object) || !match.test(frame) || !done.compareAndSet(false, true)) {
                return List.of(text);
            }
            ObjectNode edited = edit.apply(object);
            return edited == null ? List.of() : List.of(edited.toString());
        };
    }

    private static boolean sealedRpc(JsonNode frame) {
        return type(frame, "rpc") && frame.has("sealed");
    }

    private static boolean type(JsonNode frame, String type) {
        return frame.path("type").asString("").equals(type);
    }

    private static JsonNode json(String text) {
        return new TamperingRelay.Frame(Direction.TO_HELPER, text).json();
    }

    /** A sealed frame's shape (version 1, a counter) around random bytes: what a relay without the keys can make. */
    private static String randomSealed(int bytes) {
        byte[] frame = new byte[bytes];
        new java.security.SecureRandom().nextBytes(frame);
        frame[0] = 0x01;
        java.util.Arrays.fill(frame, 1, 9, (byte) 0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(frame);
    }

    private static Optional<JsonNode> after(RelayClient client, int skip, Predicate<JsonNode> match) {
        return client.received().stream().skip(skip).filter(match).findFirst();
    }
}
