package net.flydex.e2e;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.e2e.Offer;
import net.flydex.testkit.ApiClient;
import net.flydex.testkit.DesktopPageCalls;
import net.flydex.testkit.LocalConnect;
import net.flydex.testkit.SealedDevice;
import net.flydex.testkit.SharedCodex;

/**
 * A desktop already linked to an account: a helper process (private Codex on the scripted model)
 * that went through local connect with that account's session and reports Codex ready, and a
 * device ({@link #device}, the owner's phone) the helper trusts end to end: introduced at
 * 127.0.0.1 as the desktop page introduces a browser.
 */
final class PairedDesktop implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    /** The running helper process; {@link #restartHelper} replaces it. */
    HelperProcess helper;
    final String machineId;
    final ApiClient owner;
    final String ownerToken;
    final SealedDevice device;
    /** The page's origin the helper accepts local API calls from. */
    private final String origin;
    private final String[] helperArgs;

    private PairedDesktop(HelperProcess helper, String[] helperArgs, String machineId, ApiClient owner, String ownerToken, String origin) {
        this.helper = helper;
        this.helperArgs = helperArgs;
        this.machineId = machineId;
        this.owner = owner;
        this.ownerToken = ownerToken;
        this.origin = origin;
        this.device = introduce("test phone");
    }

    /** Signs up {@code email}, starts a helper in {@code dir} and links it to that account. */
    static PairedDesktop link(ControlPlane plane, Path dir, String email) throws Exception {
        return link(plane, dir, email, plane.url);
    }

    /**
     * As {@link #link(ControlPlane, Path, String)}, the helper knowing {@code server} as its
     * control plane (a proxy in front of {@code plane}, in the hostile-relay test) while the page
     * it accepts local calls from is still {@code plane}'s.
     */
    static PairedDesktop link(ControlPlane plane, Path dir, String email, URI server) throws Exception {
        SharedCodex codex = SharedCodex.get();
        ApiClient owner = plane.browser();
        String token = owner.post("/api/auth/signup", Map.of("email", email, "password", "correct horse battery",
                "tokenInBody", true)).body().path("sessionToken").asString();
        int port = ControlPlane.freePort();
        String[] args = prepend("run", HelperProcess.runArgs(port, dir.resolve("state"), server,
                codex.privateHome(dir.resolve("codex")).dir(), codex.install().binary()));
        if (!server.equals(plane.url)) {
            args = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--allowed-origin",
                    plane.url.toString())).toArray(String[]::new);
        }
        HelperProcess helper = startHelper(port, args);
        return new PairedDesktop(helper, args, connect(server, plane.url.toString(), owner, port), owner, token, plane.url.toString());
    }

    /** A fresh offer from the helper's local API, as the desktop page takes one for its QR. */
    Offer offer() {
        DesktopPageCalls.Answer answer = SealedDevice.offerFrom(helper.port, origin);
        if (answer.status() != 200) {
            throw new AssertionError("the helper gave no offer: " + answer);
        }
        return SealedDevice.parse(answer.body().path("offer").asString());
    }

    /** Another device the helper trusts, introduced as the desktop page introduces a browser (at 127.0.0.1). */
    SealedDevice introduce(String name) {
        SealedDevice introduced = SealedDevice.create(name);
        introduced.introduceLocally(helper.port, origin, machineId).ifPresent(refused -> {
            throw new AssertionError("the helper refused " + name + ": " + refused);
        });
        return introduced;
    }

    /**
     * Stops the helper as a service manager would and starts it again on the same state, port
     * and Codex home: its private app-server starts afresh with no thread loaded.
     */
    void restartHelper() throws Exception {
        helper.stop();
        helper = startHelper(helper.port, helperArgs);
    }

    private static HelperProcess startHelper(int port, String[] args) throws java.io.IOException {
        HelperProcess helper = HelperProcess.start(port, args);
        await().atMost(WAIT).until(() -> helper.health().path("status").asString("").equals("ok"));
        return helper;
    }

    /**
     * Local connect as the desktop page on {@code origin} does it, telling the helper to register
     * with {@code server}; answers the machine id once Codex is ready.
     */
    static String connect(URI server, String origin, ApiClient owner, int helperPort) throws Exception {
        return LocalConnect.link(server, origin, owner, helperPort, WAIT);
    }

    /** The desktop page's call to the helper: its Origin, the custom header, JSON. */
    static int postToHelper(String origin, int port, Map<String, String> body) throws Exception {
        return LocalConnect.postToHelper(origin, port, body);
    }

    static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Override
    public void close() {
        helper.close();
    }
}
