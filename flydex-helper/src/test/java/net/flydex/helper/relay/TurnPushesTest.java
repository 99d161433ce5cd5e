package net.flydex.helper.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import net.flydex.helper.bridge.BridgeEvent;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.Failure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the helper tells the server about turns, against the real Codex: a turn that completes or
 * fails raises a {@code turnEnded} push sealed for each trusted device, and the machine going busy
 * and idle is said without content, so the server can raise {@code machineOffline}.
 */
class TurnPushesTest extends WithRelay {
    @Test
    void aCompletedTurnRaisesATurnEndedPushSealedForEachDeviceBetweenRunningAndIdle() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        SealedDevice laptop = harness.device("laptop");
        String thread = phone.result("thread/start", RelayHarness.threadIn(work).toString()).path("thread").path("id").asString();

        phone.result("turn/start", RelayHarness.turn(thread, "SAY: turn-canary").toString());

        JsonNode ended = harness.uplink.awaitFrame(push(SealedFrames.PUSH_TURN_ENDED));
        assertThat(ended.propertyNames()).containsExactlyInAnyOrder("type", "machineId", "kind", "sealed");
        assertThat(ended.path("machineId").asString()).isEqualTo(RelayHarness.MACHINE);
        assertThat(ended.path("sealed").propertyNames()).containsExactlyInAnyOrder(phone.deviceId(), laptop.deviceId());
        for (SealedDevice device : List.of(phone, laptop)) {
            JsonNode content = WireJson.mapper().readTree(device.client.openPush(device.helper, RelayHarness.MACHINE,
                    SealedFrames.PUSH_TURN_ENDED, "", ended.path("sealed").path(device.deviceId()).asString()));
            assertThat(content.path("threadId").asString()).isEqualTo(thread);
            assertThat(content.path("threadTitle").asString()).as("the first prompt names the thread").isEqualTo("SAY: turn-canary");
            assertThat(content.path("status").asString()).isEqualTo("completed");
        }
        String sealed = ended.path("sealed").path(phone.deviceId()).asString();
        assertThat(refusal(() -> phone.client.openPush(phone.helper, RelayHarness.MACHINE, SealedFrames.PUSH_APPROVAL, "", sealed)))
                .as("bound to its kind").isEqualTo(Failure.AUTH_FAILED);
        assertThat(refusal(() -> phone.client.openPush(phone.helper, RelayHarness.MACHINE, SealedFrames.PUSH_TURN_ENDED, "apv_1", sealed)))
                .as("and to no approval").isEqualTo(Failure.AUTH_FAILED);

        harness.uplink.awaitFrame(push(SealedFrames.PUSH_TURNS_IDLE));
        assertThat(pushKinds()).containsExactly(SealedFrames.PUSH_TURNS_RUNNING, SealedFrames.PUSH_TURN_ENDED, SealedFrames.PUSH_TURNS_IDLE);
        for (JsonNode signal : harness.uplink.frames().stream().filter(push(SealedFrames.PUSH_TURNS_RUNNING).or(push(SealedFrames.PUSH_TURNS_IDLE)))
                .toList()) {
            assertThat(signal.propertyNames()).containsExactlyInAnyOrder("type", "machineId", "kind", "sealed");
            assertThat(signal.path("sealed").isEmpty()).as("the busy and idle edges carry nothing").isTrue();
        }
        assertThat(harness.uplink.texts()).noneSatisfy(text -> assertThat(text).contains("turn-canary"));
        assertThat(harness.uplink.texts()).as("nor which thread").noneSatisfy(text -> assertThat(text).contains(thread));
    }

    @Test
    void aFailedTurnSaysSo() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        String thread = phone.result("thread/start", RelayHarness.threadIn(work).toString()).path("thread").path("id").asString();

        phone.result("turn/start", RelayHarness.turn(thread, "FAIL: the model refused").toString());

        JsonNode ended = harness.uplink.awaitFrame(push(SealedFrames.PUSH_TURN_ENDED));
        JsonNode content = WireJson.mapper().readTree(phone.client.openPush(phone.helper, RelayHarness.MACHINE, SealedFrames.PUSH_TURN_ENDED,
                "", ended.path("sealed").path(phone.deviceId()).asString()));
        assertThat(content.path("status").asString()).isEqualTo("failed");
        harness.uplink.awaitFrame(push(SealedFrames.PUSH_TURNS_IDLE));
    }

    @Test
    void anInterruptedTurnRaisesNoPushButTheMachineGoesIdleAndANewUplinkHearsItIsBusy() throws Exception {
        SealedDevice phone = harness.device("phone").connect();
        String thread = phone.result("thread/start", RelayHarness.threadIn(work).toString()).path("thread").path("id").asString();
        String turn = phone.result("turn/start", RelayHarness.turn(thread, "CMD: echo never > never.txt").toString())
                .path("turn").path("id").asString();
        harness.uplink.awaitFrame(push(SealedFrames.PUSH_APPROVAL));

        harness.relay.onWelcome();
        await(() -> pushKinds().size() == 3);
        assertThat(pushKinds()).as("said again on the new socket")
                .containsExactly(SealedFrames.PUSH_TURNS_RUNNING, SealedFrames.PUSH_APPROVAL, SealedFrames.PUSH_TURNS_RUNNING);

        phone.connect().result("turn/interrupt", "{\"threadId\":\"" + thread + "\",\"turnId\":\"" + turn + "\"}");
        harness.uplink.awaitFrame(push(SealedFrames.PUSH_TURNS_IDLE));
        phone.awaitOpened(o -> o.plaintext().path("method").asString().equals("turn/completed"));
        assertThat(pushKinds()).doesNotContain(SealedFrames.PUSH_TURN_ENDED);
    }

    @Test
    void turnsNeverSeenStartingOrWithoutAnIdAreIgnoredAndCodexGoingAwayEndsWhatRan() {
        harness.relay.forward(notification("turn/completed", "{\"threadId\":\"thr_1\",\"turn\":{\"id\":\"turn_unseen\",\"status\":\"completed\"}}"));
        harness.relay.forward(notification("turn/started", "{\"threadId\":\"thr_1\",\"turn\":{\"status\":\"inProgress\"}}"));
        harness.relay.onWelcome();
        harness.relay.forward(notification("turn/started", "{\"threadId\":\"thr_1\",\"turn\":{\"id\":\"turn_a\"}}"));
        harness.relay.forward(notification("turn/started", "{\"threadId\":\"thr_2\",\"turn\":{\"id\":\"turn_b\"}}"));

        harness.relay.forward(new BridgeEvent.StatusChanged(CodexStatus.ERROR, Optional.of("exited")));
        harness.relay.forward(notification("turn/completed", "{\"threadId\":\"thr_1\",\"turn\":{\"id\":\"turn_a\",\"status\":\"completed\"}}"));
        harness.relay.onWelcome();
        harness.relay.forward(notification("turn/started", "{\"threadId\":\"thr_3\",\"turn\":{\"id\":\"turn_c\"}}"));

        await(() -> pushKinds().size() == 3);
        assertThat(pushKinds()).as("pushes leave in order, so nothing else came in between")
                .containsExactly(SealedFrames.PUSH_TURNS_RUNNING, SealedFrames.PUSH_TURNS_IDLE, SealedFrames.PUSH_TURNS_RUNNING);
    }

    private static BridgeEvent notification(String method, String params) {
        return new BridgeEvent.CodexNotification(method, WireJson.mapper().readTree(params));
    }

    private List<String> pushKinds() {
        return harness.uplink.frames().stream().filter(f -> f.path("type").asString().equals(SealedFrames.PUSH))
                .map(f -> f.path("kind").asString()).toList();
    }

    private static Predicate<JsonNode> push(String kind) {
        return f -> f.path("type").asString().equals(SealedFrames.PUSH) && f.path("kind").asString().equals(kind);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(FakeUplink.WAIT).until(condition);
    }

    private interface Opening {
        byte[] open() throws E2eException;
    }

    private static Failure refusal(Opening opening) {
        try {
            opening.open();
        } catch (E2eException e) {
            return e.failure();
        }
        throw new AssertionError("it opened");
    }
}
