package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.CodexItems;
import net.flydex.testkit.RelayClient;
import net.flydex.testkit.SealedDevice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A phone's steps on a paired desktop's Codex: subscribe, start a thread that asks before running anything, start a turn. */
final class CodexTurns {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private CodexTurns() {}

    /** The owner's phone on /ws/client, subscribed to the desktop, told it is online, its sealed session open. */
    static RelayClient subscribedPhone(ControlPlane plane, PairedDesktop desktop) {
        return subscribed(plane.url, plane.url.toString(), desktop.ownerToken, desktop.device, desktop.machineId);
    }

    /** {@code device} on {@code server}'s /ws/client as a page on {@code origin}, subscribed to the machine with a session open. */
    static RelayClient subscribed(java.net.URI server, String origin, String token, SealedDevice device, String machineId) {
        RelayClient phone = RelayClient.connect(server, origin, token, device);
        phone.subscribe(machineId);
        phone.await(f -> f.path("type").asString("").equals("machine") && f.path("online").asBoolean(), WAIT);
        phone.awaitSession(machineId, WAIT);
        return phone;
    }

    /** A thread in {@code cwd} with approvals on ({@code untrusted}) and the workspace-write sandbox. */
    static String startThread(RelayClient phone, String machineId, Path cwd) {
        JsonNode started = phone.rpc(machineId, "thread/start", "{\"cwd\":\"" + cwd
                + "\",\"approvalPolicy\":\"untrusted\",\"sandbox\":\"workspace-write\"}", WAIT);
        assertThat(started.path("type").asString()).as(started.toString()).isEqualTo("result");
        return started.path("result").path("thread").path("id").asString();
    }

    /** The thread's command item as Codex completed it ({@link CodexItems}), among the frames received after the first {@code after}. */
    static JsonNode awaitCommandCompleted(RelayClient client, String thread, int after) {
        return await().atMost(WAIT).until(() -> client.received().stream().skip(after)
                .filter(f -> f.path("type").asString("").equals("event")
                        && CodexItems.commandCompleted(f.path("method").asString(""), f.path("params"), thread))
                .findFirst(), java.util.Optional::isPresent).orElseThrow().path("params").path("item");
    }

    static void startTurn(RelayClient phone, String machineId, String thread, String prompt) {
        ObjectNode params = WireJson.mapper().createObjectNode().put("threadId", thread);
        params.putArray("input").addObject().put("type", "text").put("text", prompt);
        assertThat(phone.rpc(machineId, "turn/start", params, WAIT).path("type").asString()).isEqualTo("result");
    }
}
