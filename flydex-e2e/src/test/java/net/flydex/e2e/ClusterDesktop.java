package net.flydex.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.SharedCodex;
import net.flydex.testkit.SealedDevice;

/**
 * A desktop of a cluster's account: a helper told about two nodes, linked by a desktop page served
 * by one node (behind the public origin every node is configured with) while it registers with
 * the other; the owner's session token; and the owner's phone, a device the helper trusts
 * (introduced at 127.0.0.1).
 */
record ClusterDesktop(HelperProcess helper, String machineId, ApiClient owner, String token, SealedDevice phone) implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Signs {@code email} up on {@code pageNode}; the helper registers with {@code helperNode} and knows {@code pageNode} too. */
    static ClusterDesktop link(ServerProcess pageNode, ServerProcess helperNode, String publicOrigin, Path dir, String email) throws Exception {
        SharedCodex codex = SharedCodex.get();
        ApiClient owner = pageNode.cli().withOrigin(publicOrigin);
        String token = owner.post("/api/auth/signup", Map.of("email", email, "password", "correct horse battery", "tokenInBody", true))
                .body().path("sessionToken").asString();
        int port = ControlPlane.freePort();
        var args = new ArrayList<>(List.of(PairedDesktop.prepend("run", HelperProcess.runArgs(port, dir.resolve("state"), helperNode.url,
                codex.privateHome(dir.resolve("codex")).dir(), codex.install().binary()))));
        args.addAll(List.of("--server", pageNode.url.toString(), "--allowed-origin", publicOrigin));
        HelperProcess helper = HelperProcess.start(port, args.toArray(String[]::new));
        try {
            await().atMost(WAIT).until(() -> helper.health().path("status").asString("").equals("ok"));
            String machineId = PairedDesktop.connect(helperNode.url, publicOrigin, owner, port);
            await().atMost(WAIT).until(() -> helper.printed("connected to FlyDex " + helperNode.url));
            SealedDevice phone = SealedDevice.create("cluster phone");
            phone.introduceLocally(port, publicOrigin, machineId).ifPresent(refused -> {
                throw new AssertionError("the helper refused the phone: " + refused);
            });
            return new ClusterDesktop(helper, machineId, owner, token, phone);
        } catch (Exception | AssertionError e) {
            helper.close();
            throw e;
        }
    }

    @Override
    public void close() {
        helper.close();
    }
}
